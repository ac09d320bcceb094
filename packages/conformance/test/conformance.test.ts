import { variants } from "../src/variants.js";
import { describeConformance, localSubject } from "./suite.js";

// Every case against every adapter variant, each served in this process.
for (const variant of variants) describeConformance(localSubject(variant));
