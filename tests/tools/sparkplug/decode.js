#!/usr/bin/env node
// Decodes Sparkplug B payloads with Eclipse Tahu's JavaScript library (npm package sparkplug-payload), so that the
// gateway's tests check its payloads with a decoder nobody on this project wrote.
//
//   node decode.js < messages.json > decoded.json
//
// Input: a JSON array of { "topic": "...", "payload": "<base64>" }. Output: the same array with "decoded" set to what
// sparkplug-payload's decodePayload returned; 64-bit integers (protobufjs Long values) are written as decimal strings.
'use strict';
const sparkplug = require('sparkplug-payload').get('spBv1.0');

function plain(value) {
  if (value === null || value === undefined) return value;
  if (typeof value === 'object' && typeof value.low === 'number' && typeof value.high === 'number' && typeof value.toString === 'function') {
    return value.toString(); // a Long
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const messages = JSON.parse(input);
  const out = messages.map(m => {
    try {
      return { topic: m.topic, decoded: plain(sparkplug.decodePayload(Buffer.from(m.payload, 'base64'))) };
    } catch (e) {
      return { topic: m.topic, error: String(e && e.message || e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
