// Express 4 installed under an alias; its API is typed like Express 5's for
// what the variants use.
declare module "express4" {
  import express from "express";
  export default express;
}
