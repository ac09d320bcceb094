import { serve } from "h3";
import { app } from "./app.js";

serve(app, { port: 3000 });
