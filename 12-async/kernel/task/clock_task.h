/* clock_task.h: the task that keeps the status line's clock going, with sleep_ticks. */
#ifndef TASK_CLOCK_TASK_H
#define TASK_CLOCK_TASK_H

#include "task/task.h"

/* A new clock task (NULL if the heap is full): it redraws the status line ten times a
   second, for ever. */
struct task *clock_task_new(void);

#endif
