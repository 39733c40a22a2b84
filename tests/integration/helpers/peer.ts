import { markPeerStamped, PEER_HEADER } from "@/lib/trusted-proxy";

/**
 * Request headers as scripts/serve.ts hands them to Next.js for a request whose socket peer is
 * `address`: route handlers called directly see the same client as behind the real server.
 */
export function fromPeer(address: string, headers: Record<string, string> = {}): Record<string, string> {
  markPeerStamped();
  return { ...headers, [PEER_HEADER]: address };
}
