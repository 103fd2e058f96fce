/*
** util_arena.c — a bump allocator and a growable byte buffer.
**
** The registry model allocates millions of small names and data blocks that
** all die together; an arena makes that cheap in time and in memory.
*/
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t cap;
    max_align_t data[]; /* aligned storage */
};

#define ARENA_CHUNK (1u << 20)

void arena_init(arena *a)
{
    a->head = NULL;
    a->used = a->cap = 0;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena_init(a);
}

void arena_adopt(arena *into, arena *from)
{
    if (!from->head)
        return;
    if (!into->head) {
        *into = *from;
    } else {
        /* from's chunks go behind into's current one, which goes on
        ** serving allocations. */
        arena_chunk *tail = from->head;
        while (tail->next)
            tail = tail->next;
        tail->next = into->head->next;
        into->head->next = from->head;
    }
    arena_init(from);
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0)
        n = 8;
    if (!a->head || a->cap - a->used < n) {
        /* Big blocks get a chunk of their own so the current one is kept. */
        size_t cap = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
        arena_chunk *c = malloc(sizeof *c + cap);
        if (!c) {
            errno = ENOMEM;
            return NULL;
        }
        c->cap = cap;
        if (cap != ARENA_CHUNK && a->head) {
            c->next = a->head->next;
            a->head->next = c;
            return c->data;
        }
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->cap = cap;
    }
    void *p = (char *)a->head->data + a->used;
    a->used += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int bytebuf_reserve(bytebuf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return 0;
    size_t need = b->len + extra;
    if (need < b->len) {
        errno = ENOMEM;
        return -1;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    uint8_t *p = realloc(b->data, cap);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int bytebuf_append(bytebuf *b, const void *p, size_t n)
{
    if (n == 0)
        return 0;
    if (bytebuf_reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int bytebuf_putc(bytebuf *b, uint8_t c)
{
    if (b->len == b->cap && bytebuf_reserve(b, 1) < 0)
        return -1;
    b->data[b->len++] = c;
    return 0;
}

void bytebuf_free(bytebuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
