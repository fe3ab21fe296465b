/* capture.h: a report_printer that keeps what it prints instead of showing it, for
   tests that check what a report or a dump says. One capture at a time. */
#ifndef TEST_CAPTURE_H
#define TEST_CAPTURE_H

/* Forget what was captured: the next test_capture starts an empty text. */
void test_capture_start(void);

/* A report_printer: formats like printf and appends the text to the capture. Text that
   does not fit is dropped, and test_captured then fails the test: failing here, in the
   middle of a report, would leave the code under test half run. */
int test_capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What was captured since test_capture_start, as a string. Fails the test if some of
   it did not fit, since a check on cut text can pass or fail for the wrong reason. */
const char *test_captured(void);

/* How many times text occurs in test_captured(), overlapping occurrences included. */
int test_captured_count(const char *text);

#endif
