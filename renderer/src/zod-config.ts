// Imported first by main.tsx. Zod probes `new Function` to decide whether it may
// compile parsers; under our CSP (no 'unsafe-eval') that probe would log a policy
// violation on every launch, so tell it up front not to try.
import { z } from 'zod';

z.config({ jitless: true });
