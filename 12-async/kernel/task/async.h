/* async.h: macros that let a poll function read as straight-line code with waits in
   it, in the manner of Adam Dunkels' protothreads. The function's state struct holds
   an `int resume` (0 at first); ASYNC_BEGIN jumps to where the last poll stopped.

     enum poll_result blink_poll(void *state, struct context *cx)
     {
         struct blink *b = state;
         ASYNC_BEGIN(b);
         for (b->i = 0; b->i < 3; b->i++) {
             sleep_start(&b->sleep, 50);
             AWAIT(b, sleep_poll(&b->sleep, cx));
             ...
         }
         ASYNC_END(b);
     }

   How: ASYNC_BEGIN opens a switch on b->resume, and each AWAIT stores its line number
   and is also a case label of that switch, so the next poll resumes right there.
   Limits, which the compiler will not always catch for you:
   - Locals do not survive an AWAIT: the function returns there and starts afresh.
     Whatever must live across a wait goes in the state struct (b->i above).
   - No switch statement of your own around an AWAIT (its case labels would capture
     AWAIT's); a switch between two AWAITs that contains none is fine.
   - At most one AWAIT per source line (the line number is the resume point).
   - Nothing to poll after ASYNC_END: the future is ready. */
#ifndef TASK_ASYNC_H
#define TASK_ASYNC_H

#include "task/future.h"

#define ASYNC_FINISHED (-1)     /* resume point of a finished function */

#define ASYNC_BEGIN(state)                                                          \
    switch ((state)->resume) {                                                      \
    case 0:

/* Evaluate poll_expression (an enum poll_result) until it is POLL_READY, returning
   POLL_PENDING from the function meanwhile. */
#define AWAIT(state, poll_expression)                                               \
    do {                                                                            \
        (state)->resume = __LINE__;                                                 \
        __attribute__((fallthrough));                                               \
    case __LINE__:                                                                  \
        if ((poll_expression) == POLL_PENDING) {                                    \
            return POLL_PENDING;                                                    \
        }                                                                           \
    } while (0)

/* Give the executor a turn: pending once, ready at the next poll. The waker is woken
   at once, so the task goes to the back of the ready queue. */
#define ASYNC_YIELD(state, cx)                                                      \
    do {                                                                            \
        (state)->resume = __LINE__;                                                 \
        waker_wake((cx)->waker);                                                    \
        return POLL_PENDING;                                                        \
    case __LINE__:;                                                                 \
    } while (0)

#define ASYNC_END(state)                                                            \
        __attribute__((fallthrough));                                               \
    case ASYNC_FINISHED:                                                            \
    default:                                                                        \
        break;                                                                      \
    }                                                                               \
    (state)->resume = ASYNC_FINISHED;                                               \
    return POLL_READY

#endif
