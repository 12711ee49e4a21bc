/**
 * How deep values in a history may nest (a cas pair is 2 deep, a nemesis's targets a few more).
 * The readers refuse deeper nesting with an error at its line instead of running out of stack.
 */
export const nestingDepthMax = 100;

/**
 * The most bytes a history file may hold (about 1.5 million operations of a raftctl run). A
 * larger file is refused before it is read; a device or a pipe is read up to it and no further.
 */
export const historyBytesMax = 256 * 1024 * 1024;
