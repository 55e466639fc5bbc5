/**
 * A URL without its fragment, user name and password, and with only the query parameters named in `keepQuery`
 * (in their order and encoding as sent). Undefined when `raw` is not an absolute URL: the field is dropped rather
 * than kept raw, since what cannot be parsed cannot be cleaned.
 */
export function cleanUrl(raw: string, keepQuery: ReadonlySet<string>): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  url.hash = '';
  url.username = '';
  url.password = '';
  // Set even when empty: that also drops a bare `?`.
  url.search = keepQuery.size === 0 || !url.search ? '' : keptParameters(url.search, keepQuery);
  return url.href;
}

function keptParameters(search: string, keepQuery: ReadonlySet<string>): string {
  return search
    .slice(1)
    .split('&')
    .filter((pair) => keepQuery.has(parameterName(pair)))
    .join('&');
}

function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const name = (equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
