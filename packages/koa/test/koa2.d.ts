// Koa 2 installed under an alias; typed like Koa 3 for what the variants use.
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
