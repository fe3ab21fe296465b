/* idle_task.h: a task that awaits two things at once, a key or a timeout, and marks
   the status line "idle" when no key came for a while. */
#ifndef TASK_IDLE_TASK_H
#define TASK_IDLE_TASK_H

#include "task/task.h"

/* Without a key for this many ticks (5 s at 100 Hz), the status line says idle. */
#define IDLE_TICKS 500

/* A new idle task (NULL if the heap is full). It never finishes. */
struct task *idle_task_new(void);

#endif
