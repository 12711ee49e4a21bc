import type { NodeId, ReadState } from "../core/types.js";
import type { Answer } from "./pending-writes.js";

interface PendingRead {
  context: string;
  key: string;
  /** The leader's term when the read started: a ReadState can only come in that term. */
  term: number;
  answer: Answer;
  /** Set once the ReadState came: the read may be served once applied through it. */
  readIndex: number | null;
}

/**
 * Linearizable gets in flight (ReadIndex). A get waits for its ReadState (the leader confirmed
 * it still leads), then for the state machine to apply through the read index, then reads.
 * If the node stops leading the term it started in before the ReadState comes, none will come
 * (core contract), so the get is refused — safely: a read that never ran changed nothing.
 */
export class PendingReads {
  private readonly unconfirmed = new Map<string, PendingRead>();
  /**
   * Confirmed reads waiting to be applied through, in `confirmed[0, confirmedCount)`. Kept by
   * count: the list empties after nearly every Ready, and an array whose length is set to 0
   * drops its backing store, so the next push would allocate a new one.
   */
  private confirmed: (PendingRead | undefined)[] = [];
  private confirmedCount = 0;
  /** The term every unconfirmed read was last checked to be led in (-1: not leading). */
  private checkedLeadingTerm = -1;
  private addedSinceCheck = false;

  get size(): number {
    return this.unconfirmed.size + this.confirmedCount;
  }

  add(read: { context: string; key: string; term: number; answer: Answer }): void {
    this.unconfirmed.set(read.context, {
      context: read.context,
      key: read.key,
      term: read.term,
      answer: read.answer,
      readIndex: null,
    });
    this.addedSinceCheck = true;
  }

  confirm(readStates: readonly ReadState[]): void {
    if (readStates.length === 0) return;
    for (const state of readStates) {
      const read = this.unconfirmed.get(state.context);
      if (read === undefined) continue;
      this.unconfirmed.delete(state.context);
      read.readIndex = state.index;
      this.confirmed[this.confirmedCount++] = read;
    }
  }

  /**
   * Serves every confirmed read whose index is applied, in the order confirmed. The list is kept
   * in place (this runs after every Ready while reads wait): the served ones are taken out first,
   * then answered, so an answer that starts another read finds the list consistent.
   */
  serve(appliedIndex: number, state: { read(key: string): string | null }): void {
    const { confirmed, confirmedCount } = this;
    if (confirmedCount === 0) return;
    let kept = 0;
    let served: PendingRead[] | null = null;
    for (let position = 0; position < confirmedCount; position++) {
      const pending = confirmed[position]!;
      if ((pending.readIndex as number) > appliedIndex) confirmed[kept++] = pending;
      else if (served === null) served = [pending];
      else served.push(pending);
    }
    if (served === null) return;
    confirmed.fill(undefined, kept, confirmedCount);
    this.confirmedCount = kept;
    for (const pending of served) pending.answer({ type: "ok", value: state.read(pending.key) });
  }

  /** Refuses unconfirmed reads that can no longer be confirmed: the node left the leadership of their term. */
  leadershipChanged(leading: boolean, term: number, leader: NodeId | null): void {
    if (this.unconfirmed.size === 0) return;
    // Called after every Ready while reads wait: when nothing was added and the leadership is the
    // one every waiting read already passed, none can fail the check now, so skip the scan.
    if (!this.addedSinceCheck && leading && term === this.checkedLeadingTerm) return;
    this.addedSinceCheck = false;
    this.checkedLeadingTerm = leading ? term : -1;
    for (const pending of this.unconfirmed.values()) {
      if (leading && pending.term === term) continue;
      this.unconfirmed.delete(pending.context);
      const hint = leader ?? undefined;
      pending.answer(
        hint === undefined
          ? { type: "fail", reason: "not-leader" }
          : { type: "fail", reason: "not-leader", hint },
      );
    }
  }

  clear(): void {
    this.unconfirmed.clear();
    this.confirmed = [];
    this.confirmedCount = 0;
  }
}
