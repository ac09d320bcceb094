// server/utils/handlers.ts: the quick start's handlers (snippets/handlers.ts)
export { onPaid, onRefunded } from "../../../handlers";
