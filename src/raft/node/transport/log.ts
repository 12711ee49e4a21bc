/** Where the transport writes why it closed a connection or dropped frames; the node passes its log. */
export type TransportLog = (line: string) => void;

export const silentLog: TransportLog = () => {};
