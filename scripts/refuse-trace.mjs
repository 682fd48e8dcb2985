// Preloaded into the `next start` process (scripts/start.ts: node --import): answers TRACE with
// 405 before Next sees it. Next turns every request into a WHATWG Request, and undici refuses to
// construct one with method TRACE ("'TRACE' HTTP method is unsupported"), so Next answered 500
// (issue 12) with no route or proxy ever running. The Node HTTP server is the only place earlier
// than that. (CONNECT is a separate server event Next does not listen to, and Node's parser
// rejects TRACK, so TRACE is the one method that needs this.)
import http from 'node:http';

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitRefusingTrace(event, request, response) {
  if (event === 'request' && request && request.method === 'TRACE') {
    const body = JSON.stringify({ error: { code: 'method_not_allowed', message: 'TRACE is not supported.', fieldErrors: {} } });
    response.writeHead(405, { allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
    request.resume();
    return true;
  }
  return emit.apply(this, arguments);
};
