import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';

export type TTrustedProxies = { kind: 'none' } | { kind: 'hops'; count: number } | { kind: 'list'; list: BlockList; text: string };
export function parseTrustedProxies(value: string | undefined): TTrustedProxies;
export function normalisedAddress(raw: string | undefined): string | null;
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: TTrustedProxies): string;
export function applyTrustedForwarding(request: IncomingMessage, trusted: TTrustedProxies): void;
