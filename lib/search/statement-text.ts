// The search statement's text and parameters in one pass over its drizzle tree (issue 12 item 6).
// drizzle renders a tree by building a {sql, params} object per chunk and merging them level by level:
// for the search statement (a few thousand chunks, tens of parameters) that was ~145 µs of the web
// server's main thread per search, more than building the tree itself. This walk renders the same
// text and parameters with string appends, and hands drizzle a flat statement (text pieces between
// the parameters) whose own rendering is a handful of chunks. Exact by construction: it knows only the
// chunks searchStatement builds (string pieces, nested sql, plain values, value lists) and renders them
// as drizzle does; anything else (a column, a table, a Param, sql.placeholder, inlined params) makes it
// return the tree unchanged for drizzle to render.
import { SQL, StringChunk } from 'drizzle-orm';

type Walk = { pieces: string[]; values: unknown[]; text: string };

/** Appends `chunks` to the walk; false when a chunk is not one this walk knows. */
function walk(chunks: readonly unknown[], into: Walk): boolean {
  for (const chunk of chunks) {
    if (chunk instanceof StringChunk) {
      for (const part of chunk.value) into.text += part;
    } else if (chunk instanceof SQL) {
      // Inlined params render values as literals: drizzle's job.
      if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams || !walk(chunk.queryChunks, into)) return false;
    } else if (chunk === undefined) {
      // drizzle renders nothing for it.
    } else if (Array.isArray(chunk)) {
      // drizzle renders a list value as "(a, b, ...)", each element a chunk of its own.
      into.text += '(';
      for (let i = 0; i < chunk.length; i++) {
        if (i > 0) into.text += ', ';
        if (!walk([chunk[i]], into)) return false;
      }
      into.text += ')';
    } else if (chunk === null || typeof chunk === 'string' || typeof chunk === 'number' || typeof chunk === 'boolean' || typeof chunk === 'bigint') {
      // A plain value is a parameter ($n in drizzle's pg dialect), in the order met.
      into.pieces.push(into.text);
      into.values.push(chunk);
      into.text = '';
    } else {
      return false;
    }
  }
  return true;
}

/**
 * `statement` as a flat SQL: its text pieces, each followed by the parameter drizzle would have put
 * there. Rendered by drizzle (or run), it gives the same text and the same parameters in the same order.
 */
export function flatStatement(statement: SQL): SQL {
  const into: Walk = { pieces: [], values: [], text: '' };
  if (!walk(statement.queryChunks, into)) return statement;
  const chunks: unknown[] = [];
  for (let i = 0; i < into.values.length; i++) chunks.push(new StringChunk(into.pieces[i]!), into.values[i]);
  chunks.push(new StringChunk(into.text));
  return new SQL(chunks as SQL['queryChunks']);
}
