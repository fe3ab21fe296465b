/* format.c: the printf-style formatter. It parses each conversion into a struct
   conversion, turns the argument into text, and pads it to the requested width. */
#include "lib/format.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/string.h"

#define NO_PRECISION  (-1)
#define POINTER_DIGITS 16   /* %p always shows all 64 bits */

/* On x86_64, long, long long, intmax_t, ptrdiff_t and size_t are all 64 bits wide, so
   j and t read their arguments as long. */
enum length { LENGTH_DEFAULT, LENGTH_CHAR, LENGTH_SHORT, LENGTH_LONG, LENGTH_LONG_LONG,
              LENGTH_SIZE };

/* One parsed conversion, for example %-08lx. */
struct conversion {
    bool left_align;        /* - */
    bool zero_pad;          /* 0 */
    bool plus_sign;         /* + */
    bool space_sign;        /* space */
    bool alternate;         /* #: 0x before hex, 0 before octal */
    int width;
    int precision;          /* NO_PRECISION when not given */
    enum length length;
    char specifier;         /* d, x, s, ... */
};

/* Where the text goes, and how much of it there has been. */
struct sink {
    format_output output;
    void *context;
    int count;
};

static void emit(struct sink *sink, const char *text, size_t length)
{
    if (length > 0) {
        sink->output(sink->context, text, length);
        sink->count += (int)length;
    }
}

static void emit_repeated(struct sink *sink, char c, int times)
{
    for (int i = 0; i < times; i++) {
        emit(sink, &c, 1);
    }
}

/* Writes prefix and body padded to the conversion's width: spaces before (or after,
   with -), and `zeros` zeros between prefix and body. */
static void emit_padded(struct sink *sink, const struct conversion *conv,
                        const char *prefix, size_t prefix_length, int zeros,
                        const char *body, size_t body_length)
{
    int padding = conv->width - (int)(prefix_length + body_length) - zeros;
    if (!conv->left_align) {
        emit_repeated(sink, ' ', padding);
    }
    emit(sink, prefix, prefix_length);
    emit_repeated(sink, '0', zeros);
    emit(sink, body, body_length);
    if (conv->left_align) {
        emit_repeated(sink, ' ', padding);
    }
}

static void format_integer(struct sink *sink, const struct conversion *conv,
                           uint64_t magnitude, bool negative)
{
    unsigned base = 10;
    const char *alphabet = "0123456789abcdef";
    char prefix[2];
    size_t prefix_length = 0;

    if (conv->specifier == 'x' || conv->specifier == 'X' || conv->specifier == 'p') {
        base = 16;
        if (conv->specifier == 'X') {
            alphabet = "0123456789ABCDEF";
        }
        if (conv->specifier == 'p' || (conv->alternate && magnitude != 0)) {
            prefix[0] = '0';
            prefix[1] = conv->specifier == 'X' ? 'X' : 'x';
            prefix_length = 2;
        }
    } else if (conv->specifier == 'o') {
        base = 8;
    } else if (negative) {
        prefix[prefix_length++] = '-';
    } else if ((conv->specifier == 'd' || conv->specifier == 'i') &&
               (conv->plus_sign || conv->space_sign)) {
        prefix[prefix_length++] = conv->plus_sign ? '+' : ' ';
    }

    /* Digits come out least significant first: fill the buffer from its end. */
    char digits[sizeof(uint64_t) * 8];
    size_t start = sizeof(digits);
    while (magnitude != 0) {
        digits[--start] = alphabet[magnitude % base];
        magnitude /= base;
    }
    /* Zero has the single digit 0, unless an explicit precision of 0 asks for none. */
    if (start == sizeof(digits) && conv->precision != 0) {
        digits[--start] = '0';
    }
    int digit_count = (int)(sizeof(digits) - start);

    int zeros = conv->precision > digit_count ? conv->precision - digit_count : 0;
    /* %#o: the first digit must be a 0, added unless there is one already. */
    if (conv->specifier == 'o' && conv->alternate && zeros == 0 &&
        (digit_count == 0 || digits[start] != '0')) {
        zeros = 1;
    }
    if (conv->zero_pad && !conv->left_align && conv->precision == NO_PRECISION) {
        int room = conv->width - (int)prefix_length - digit_count;
        zeros = room > zeros ? room : zeros;
    }
    emit_padded(sink, conv, prefix, prefix_length, zeros, digits + start,
                (size_t)digit_count);
}

/* Fetches a signed argument of the conversion's length and formats it. */
static void format_signed(struct sink *sink, const struct conversion *conv, va_list *args)
{
    int64_t value;
    switch (conv->length) {
    case LENGTH_CHAR:      value = (signed char)va_arg(*args, int); break;
    case LENGTH_SHORT:     value = (short)va_arg(*args, int); break;
    case LENGTH_LONG:      value = va_arg(*args, long); break;
    case LENGTH_LONG_LONG: value = va_arg(*args, long long); break;
    case LENGTH_SIZE:      value = va_arg(*args, long); break;  /* signed size_t */
    default:               value = va_arg(*args, int); break;
    }
    /* Negate in unsigned arithmetic: -INT64_MIN does not fit in an int64_t. */
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    format_integer(sink, conv, magnitude, value < 0);
}

static void format_unsigned(struct sink *sink, const struct conversion *conv, va_list *args)
{
    uint64_t value;
    switch (conv->length) {
    case LENGTH_CHAR:      value = (unsigned char)va_arg(*args, unsigned); break;
    case LENGTH_SHORT:     value = (unsigned short)va_arg(*args, unsigned); break;
    case LENGTH_LONG:      value = va_arg(*args, unsigned long); break;
    case LENGTH_LONG_LONG: value = va_arg(*args, unsigned long long); break;
    case LENGTH_SIZE:      value = va_arg(*args, size_t); break;
    default:               value = va_arg(*args, unsigned); break;
    }
    format_integer(sink, conv, value, false);
}

static void format_string(struct sink *sink, const struct conversion *conv, const char *text)
{
    if (text == NULL) {
        text = "(null)";
    }
    size_t length = conv->precision == NO_PRECISION ? strlen(text)
                                                    : strnlen(text, (size_t)conv->precision);
    emit_padded(sink, conv, NULL, 0, 0, text, length);
}

/* Parses flags, width, precision and length after a '%'. Returns where the
   specifier character is. */
static const char *parse_conversion(const char *fmt, struct conversion *conv, va_list *args)
{
    *conv = (struct conversion){ .precision = NO_PRECISION };
    for (;; fmt++) {
        if (*fmt == '-') conv->left_align = true;
        else if (*fmt == '0') conv->zero_pad = true;
        else if (*fmt == '+') conv->plus_sign = true;
        else if (*fmt == ' ') conv->space_sign = true;
        else if (*fmt == '#') conv->alternate = true;
        else break;
    }

    if (*fmt == '*') {
        conv->width = va_arg(*args, int);
        if (conv->width < 0) {          /* a negative * width means left-aligned */
            conv->left_align = true;
            conv->width = -conv->width;
        }
        fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9') {
        conv->width = conv->width * 10 + (*fmt++ - '0');
    }

    if (*fmt == '.') {
        fmt++;
        conv->precision = 0;
        if (*fmt == '*') {
            int precision = va_arg(*args, int);
            conv->precision = precision < 0 ? NO_PRECISION : precision;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            conv->precision = conv->precision * 10 + (*fmt++ - '0');
        }
    }

    if (fmt[0] == 'h') {
        conv->length = fmt[1] == 'h' ? LENGTH_CHAR : LENGTH_SHORT;
        fmt += fmt[1] == 'h' ? 2 : 1;
    } else if (fmt[0] == 'l') {
        conv->length = fmt[1] == 'l' ? LENGTH_LONG_LONG : LENGTH_LONG;
        fmt += fmt[1] == 'l' ? 2 : 1;
    } else if (fmt[0] == 'z') {
        conv->length = LENGTH_SIZE;
        fmt++;
    } else if (fmt[0] == 'j' || fmt[0] == 't') {
        conv->length = LENGTH_LONG;
        fmt++;
    }
    conv->specifier = *fmt;
    return fmt;
}

int format(format_output output, void *context, const char *fmt, va_list args)
{
    struct sink sink = { .output = output, .context = context, .count = 0 };
    va_list ap;
    va_copy(ap, args);  /* a va_list we can pass on by address */

    while (*fmt != '\0') {
        if (*fmt != '%') {
            const char *text = fmt;
            while (*fmt != '\0' && *fmt != '%') {
                fmt++;
            }
            emit(&sink, text, (size_t)(fmt - text));
            continue;
        }

        const char *directive = fmt;
        struct conversion conv;
        fmt = parse_conversion(fmt + 1, &conv, &ap);
        switch (conv.specifier) {
        case 'd':
        case 'i':
            format_signed(&sink, &conv, &ap);
            break;
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            format_unsigned(&sink, &conv, &ap);
            break;
        case 'p':
            conv.precision = POINTER_DIGITS;
            format_integer(&sink, &conv, (uintptr_t)va_arg(ap, void *), false);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            emit_padded(&sink, &conv, NULL, 0, 0, &c, 1);
            break;
        }
        case 's':
            format_string(&sink, &conv, va_arg(ap, const char *));
            break;
        case '%':
            emit(&sink, "%", 1);
            break;
        case 'n':
            /* Writing through a pointer from a format string is a classic exploit:
               take the argument, so the ones after it stay in place, and do nothing. */
            (void)va_arg(ap, void *);
            break;
        case '\0':
            /* The format ends in the middle of a conversion: show what there was. */
            emit(&sink, directive, (size_t)(fmt - directive));
            continue;
        default:
            /* A conversion we do not know (%f, %qd, a typo...) takes an argument of a
               size we cannot know, so every later argument would be read from the
               wrong place. Show the rest of the format as written instead. */
            emit(&sink, directive, strlen(directive));
            va_end(ap);
            return sink.count;
        }
        fmt++;
    }
    va_end(ap);
    return sink.count;
}

/* Where format_buffer's text goes, and how much room is left there. */
struct buffer_context {
    char *next;
    size_t room;    /* bytes left for text, not counting the final NUL */
};

static void write_to_buffer(void *context, const char *text, size_t length)
{
    struct buffer_context *buffer = context;
    size_t fits = length < buffer->room ? length : buffer->room;
    if (fits == 0) {
        return;     /* also when the buffer is NULL, as format_buffer(NULL, 0, ...) allows */
    }
    memcpy(buffer->next, text, fits);
    buffer->next += fits;
    buffer->room -= fits;
}

int format_buffer(char *buffer, size_t size, const char *fmt, ...)
{
    struct buffer_context context = { .next = buffer, .room = size > 0 ? size - 1 : 0 };
    va_list args;
    va_start(args, fmt);
    int length = format(write_to_buffer, &context, fmt, args);
    va_end(args);
    if (size > 0) {
        *context.next = '\0';
    }
    return length;
}
