import { server } from "./server.js";

server.listen(3000);
