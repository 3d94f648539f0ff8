/* The turn's countdown, as the board, the console and the speaker's phone show it. */
import { setText } from './dom.js';

export const WARN_SECONDS = 15;

const pad2 = (n) => (n < 10 ? '0' : '') + n;

/** 75 -> "1:15"; 3725 -> "1:02:05". */
export function mmss(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad2(m)}:${pad2(s % 60)}` : `${m}:${pad2(s % 60)}`;
}

/** A countdown: "1:15" while time is left, "+0:12" past the limit. */
export function countdownText(remaining) {
  return remaining >= 0 ? mmss(Math.ceil(remaining)) : '+' + mmss(Math.floor(-remaining));
}

/**
 * The turn's figures `since` seconds after its speaker part arrived: the server's `elapsed_s` and
 * `talk_s` tick forward locally only while the mode is `speaking` (the server owns time).
 */
export function turnTimes(speaker, since) {
  if (!speaker) return { elapsed: 0, talk: 0, remaining: 0 };
  const ticking = speaker.mode === 'speaking' ? Math.max(0, since) : 0;
  const elapsed = speaker.elapsed_s + ticking;
  return { elapsed, talk: speaker.talk_s + ticking, remaining: speaker.limit_s - elapsed };
}

/** What the timer shows: its digits, the words under them (string keys), and its classes. */
export function timerFace(speaker, since, turnSeconds) {
  if (!speaker) {
    return { text: countdownText(turnSeconds || 0), notes: [], classes: { 'is-idle': true }, remaining: turnSeconds || 0 };
  }
  const { remaining } = turnTimes(speaker, since);
  const over = remaining < 0;
  const warning = !over && remaining <= WARN_SECONDS;
  const notes = [];
  if (speaker.mode === 'paused') notes.push('paused');
  if (speaker.mode === 'interpreting') notes.push('interpreting');
  if (over) notes.push('over_time');
  else if (warning && speaker.mode === 'speaking') notes.push('last_seconds');
  const classes = {
    'is-paused': speaker.mode === 'paused', 'is-interpreting': speaker.mode === 'interpreting',
    'is-warning': warning, 'is-over': over,
  };
  return { text: countdownText(remaining), notes, classes, remaining };
}

const CLASSES = ['is-idle', 'is-paused', 'is-interpreting', 'is-warning', 'is-over'];

/** Paint a timer element holding .timer-digits and .timer-note. */
export function paintTimer(node, face, t) {
  setText(node.querySelector('.timer-digits'), face.text);
  setText(node.querySelector('.timer-note'), face.notes.map((key) => t(key)).join(' · '));
  for (const name of CLASSES) node.classList.toggle(name, !!face.classes[name]);
}
