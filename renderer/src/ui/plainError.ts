/** A main-side refusal in plain words, for any dialog or form that shows one. */

/** A main-side refusal in plain words: without the channel name the transport puts first. */
export function plainError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^[a-z]+:[A-Za-z]+:\s*/, '').trim() || 'Something went wrong.';
}
