import { app } from "./app.js";

app.listen(3000);
