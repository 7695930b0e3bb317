// A module.register hook: tells the host's main thread the URL of every module it resolves, so that the host can
// say which packages it loaded (ESM imports never show in require.cache).
let port;

export function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  port.postMessage(result.url);
  return result;
}
