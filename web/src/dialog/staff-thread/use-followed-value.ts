/** A field's own value that starts from the server's and follows it whenever the server's changes. */
import { useState } from 'react';

/**
 * Like useState(server), but when `server` changes (here, in another tab or by a colleague) the
 * value becomes the new one; edits in between stay until then. Adjusts during render, as React
 * recommends for state derived from a prop, so no stale value is ever painted.
 */
export function useFollowedValue<T>(server: T): [T, (v: T) => void] {
  const [value, setValue] = useState(server);
  const [shown, setShown] = useState(server);
  if (!Object.is(shown, server)) {
    setShown(server);
    setValue(server);
  }
  return [value, setValue];
}
