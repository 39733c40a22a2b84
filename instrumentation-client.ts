import { z } from "zod";

// Runs in the browser before the app's own code. The CSP forbids eval, and zod's one-time probe for
// it (`Function("")`, on the first object parse) is reported as a CSP violation; jitless parsing
// needs no probe.
z.config({ jitless: true });
