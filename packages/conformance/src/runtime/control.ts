// The fetch handler a runtime server (./serve.ts) serves: the five notify
// routes through @wxnotify/web, and a control surface under /__ through
// which the signing side (vitest, on Node) drives the harness. Web APIs
// only: Bun and Deno load this file.
import type { NotifierConfig } from "@wxnotify/core";
import { webNotify } from "@wxnotify/web";
import type { Behaviour } from "../behaviours.js";
import { createHarness, ROUTES, type Endpoints } from "../harness.js";

/** The control routes. */
export const CONTROL = {
  /** `POST` `[{ tag, behaviour }]`: registers deliveries before they are sent. */
  register: "/__register",
  /** `GET ?tag=…&tag=…`: handler calls per tag, in order, as a JSON array. */
  calls: "/__calls",
  /** `GET`: `{ strays, errors: [{ code, message }] }`. */
  state: "/__state",
} as const;

/** A registration, as `POST /__register` takes a list of them. */
export interface Registration {
  tag: string;
  behaviour: Behaviour;
}

/** What `GET /__state` answers. */
export interface HarnessState {
  /** Handler calls for notifications nobody registered. */
  strays: number;
  /** Every error the notifiers reported to onError. */
  errors: Array<{ code: string; message: string }>;
}

/** Builds the harness for the merchant's configuration, and the handler serving it. */
export async function controlledFetch(
  merchantConfig: NotifierConfig,
): Promise<(request: Request) => Promise<Response>> {
  const harness = createHarness(merchantConfig);
  // The portable provider imports keys asynchronously: a bad key fails here.
  await harness.ready();
  const notifyByPath = new Map(
    (Object.keys(ROUTES) as Array<keyof Endpoints>).map((key) => [
      ROUTES[key],
      webNotify(harness.endpoints[key]),
    ]),
  );
  return async (request) => {
    const url = new URL(request.url);
    const notify = notifyByPath.get(url.pathname);
    if (notify) return notify(request);
    if (request.method === "POST" && url.pathname === CONTROL.register) {
      for (const {
        tag,
        behaviour,
      } of (await request.json()) as Registration[]) {
        harness.registerTag(tag, behaviour);
      }
      return new Response(null, { status: 204 });
    }
    if (request.method === "GET" && url.pathname === CONTROL.calls) {
      return Response.json(
        url.searchParams.getAll("tag").map((tag) => harness.calls(tag)),
      );
    }
    if (request.method === "GET" && url.pathname === CONTROL.state) {
      const state: HarnessState = {
        strays: harness.strays(),
        errors: harness.errors.map(({ error }) => ({
          code: error.code,
          message: error.message,
        })),
      };
      return Response.json(state);
    }
    return new Response(null, { status: 404 });
  };
}
