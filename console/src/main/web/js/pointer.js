// RFC 6901 JSON pointers: parsing, formatting and lookup. Pure functions, no DOM.

/** The segments of a pointer ("" is the whole document); throws on a malformed pointer. */
export function parsePointer(pointer) {
  if (pointer === '') return [];
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) {
    throw new Error(`not a JSON pointer: ${String(pointer)}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The pointer of the given segments. */
export function formatPointer(segments) {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The value at the segments, or undefined when there is none. */
export function valueAt(document, segments) {
  let value = document;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      value = value[Number(segment)];
    } else if (value !== null && typeof value === 'object') {
      if (!Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
      value = value[segment];
    } else {
      return undefined;
    }
  }
  return value;
}
