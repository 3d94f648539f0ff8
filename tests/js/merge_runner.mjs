// The page's own merge (static/js/lib/state.js) for the Python tests: each line read is
// {"snapshot", "pushes"}; each line written is the state a page shows after them.
import { createInterface } from 'node:readline';
import { replay } from '../../static/js/lib/state.js';

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { snapshot, pushes } = JSON.parse(line);
  process.stdout.write(JSON.stringify(replay(snapshot, pushes)) + '\n');
}
