import { createContext, useContext } from "react";

/**
 * The per-request CSP nonce, provided by app/entry.server.tsx around the server render so the
 * root layout can put it on React Router's inline scripts. In the browser there is none (and none
 * is needed: hydration does not re-run those scripts).
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
