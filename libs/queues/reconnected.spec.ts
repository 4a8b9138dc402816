import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { onReconnected } from './reconnected.js';

describe('onReconnected', () => {
  it('calls back each time the connection is ready again after it was lost, never on the first connect', () => {
    const connection = new EventEmitter();
    const calls: number[] = [];
    const stop = onReconnected(connection as unknown as Redis, () => calls.push(calls.length));
    connection.emit('ready');
    expect(calls).toHaveLength(0);
    connection.emit('close');
    connection.emit('close');
    connection.emit('ready');
    connection.emit('ready');
    expect(calls).toHaveLength(1);
    connection.emit('close');
    connection.emit('ready');
    expect(calls).toHaveLength(2);
    stop();
    connection.emit('close');
    connection.emit('ready');
    expect(calls).toHaveLength(2);
    expect(connection.listenerCount('ready') + connection.listenerCount('close')).toBe(0);
  });
});
