import { describe, expect, it } from 'vitest';
import { pendingUserTask } from './message.js';

describe('pendingUserTask', () => {
  it('finds the latest UserTaskReq item with a user_task_id', () => {
    const conversation = {
      items: [
        { type: 'UserTaskReq', content: { user_task_id: 'old' } },
        { type: 'reasoning', content: { message: 'x' } },
        { type: 'UserTaskReq', content: { user_task_id: 'new' } },
        { type: 'output', content: null },
      ],
    };
    expect(pendingUserTask(conversation)).toBe('new');
  });
  it('is undefined without one', () => {
    expect(pendingUserTask({ items: [{ type: 'UserTaskReq', content: {} }] })).toBeUndefined();
    expect(pendingUserTask({ items: 'nope' })).toBeUndefined();
    expect(pendingUserTask(null)).toBeUndefined();
  });
});
