/* keyboard_task.h: the task that awaits the keyboard's scancodes, decodes them and
   shows what is typed. */
#ifndef TASK_KEYBOARD_TASK_H
#define TASK_KEYBOARD_TASK_H

#include "task/signal.h"
#include "task/task.h"

/* A new keyboard task (NULL if the heap is full). It never finishes. Only one may run:
   the scancode stream has one reader. */
struct task *keyboard_task_new(void);

/* Raised by the keyboard task after each key press it has shown. */
extern struct signal keyboard_task_keys;

#endif
