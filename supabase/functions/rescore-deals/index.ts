import { clientForCaller, serviceRoleClient } from "../_shared/supabase.ts";
import { createHandler } from "./handler.ts";

Deno.serve(createHandler({ callerClient: clientForCaller, serviceClient: serviceRoleClient() }));
