import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countdownText, mmss, timerFace, turnTimes } from '../../static/js/lib/timer.js';

const speaker = (mode, elapsed = 10) => ({ mode, elapsed_s: elapsed, talk_s: elapsed, limit_s: 60, interpreting_s: 0 });

test('mmss and the countdown', () => {
  assert.equal(mmss(75), '1:15');
  assert.equal(mmss(3725), '1:02:05');
  assert.equal(countdownText(74.2), '1:15');
  assert.equal(countdownText(-12.5), '+0:12');
});

test('the countdown ticks locally only while speaking', () => {
  assert.equal(turnTimes(speaker('speaking'), 5).elapsed, 15);
  assert.equal(turnTimes(speaker('paused'), 5).elapsed, 10);
  assert.equal(turnTimes(speaker('interpreting'), 5).talk, 10);
  assert.equal(turnTimes(speaker('speaking'), 5).remaining, 45);
});

test('the face says last seconds, over time, paused and interpreting in words', () => {
  assert.deepEqual(timerFace(speaker('speaking', 50), 0, 60).notes, ['last_seconds']);
  const over = timerFace(speaker('speaking', 61), 0, 60);
  assert.deepEqual(over.notes, ['over_time']);
  assert.equal(over.classes['is-over'], true);
  assert.equal(over.text, '+0:01');
  assert.deepEqual(timerFace(speaker('paused', 50), 3, 60).notes, ['paused']);
  assert.deepEqual(timerFace(speaker('interpreting'), 3, 60).notes, ['interpreting']);
});

test('with nobody speaking the timer shows the turn length, idle', () => {
  const face = timerFace(null, 0, 120);
  assert.equal(face.text, '2:00');
  assert.equal(face.classes['is-idle'], true);
});
