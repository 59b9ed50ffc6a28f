/* The least work any build with SOP history must add to the build without it, measured.
 *
 * Usage: history_floor REPO OIDS FILES OUT
 *   REPO   a git repository
 *   OIDS   one blob id per line: every older text of a page (each must be read and parsed for
 *          a section diff)
 *   FILES  "size<TAB>path" per line: the files the history adds to the site (versions pages,
 *          diff pages, change files), as a build with history wrote them
 *   OUT    a folder that does not exist yet; FILES are created under it, then left for the
 *          caller to discard
 *
 * Three parts, each on every core (one thread per core, as the build's own work), each timed as
 * process CPU (user + system, all threads, getrusage) and wall time:
 *   read   every blob through libgit2 (git_blob_lookup), the text copied out;
 *   parse  every text's body (after its front matter) with cmark-gfm, CMARK_OPT_DEFAULT and no
 *          extension attached: the cheapest parse a section diff can start from, with nothing
 *          walked, rendered or compared;
 *   files  every file created with its size in zero bytes, one folder per thread at a time
 *          (no two threads in one folder), folders made as needed.
 * Whatever a real build does besides (comparing sections, word diffs, rendering HTML, the
 * versions pages' and change files' contents) comes on top, so the sum is a floor.
 * Prints one JSON object on stdout. Bench tool: built and run by bench/history.sh.
 */
#define _GNU_SOURCE
#include <cmark-gfm.h>
#include <errno.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

typedef struct { char *bytes; size_t size; } text;
typedef struct { size_t size; char *path; } file;

static const char *repo_path;
static git_oid *oids;
static text *texts;
static size_t n_oids;
static file *files;
static size_t n_files;
static size_t *folder_starts; /* index into files where each folder's run starts; last = n_files */
static size_t n_folders;
static const char *out_dir;
static long threads;
static volatile int failed;

static void die(const char *what) {
    fprintf(stderr, "history_floor: %s\n", what);
    exit(1);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static void *read_part(void *arg) {
    long t = (long)arg;
    git_repository *repo;
    if (git_repository_open(&repo, repo_path) != 0) { failed = 1; return NULL; }
    for (size_t i = t; i < n_oids; i += threads) {
        git_blob *blob;
        if (git_blob_lookup(&blob, repo, &oids[i]) != 0) { failed = 1; break; }
        size_t size = (size_t)git_blob_rawsize(blob);
        texts[i].bytes = malloc(size ? size : 1);
        memcpy(texts[i].bytes, git_blob_rawcontent(blob), size);
        texts[i].size = size;
        git_blob_free(blob);
    }
    git_repository_free(repo);
    return NULL;
}

/* Where the body starts: after a front matter opened by "---\n" and closed by a "---" line. */
static size_t body_start(const text *x) {
    if (x->size < 4 || memcmp(x->bytes, "---\n", 4) != 0) return 0;
    const char *end = memmem(x->bytes + 3, x->size - 3, "\n---\n", 5);
    return end ? (size_t)(end - x->bytes) + 5 : 0;
}

static void *parse_part(void *arg) {
    long t = (long)arg;
    for (size_t i = t; i < n_oids; i += threads) {
        size_t start = body_start(&texts[i]);
        cmark_node *doc = cmark_parse_document(texts[i].bytes + start, texts[i].size - start, CMARK_OPT_DEFAULT);
        if (!doc) { failed = 1; break; }
        cmark_node_free(doc);
    }
    return NULL;
}

/* Makes the folders of `path` below OUT (which exists). */
static int make_parents(char *path) {
    for (char *p = strchr(path + strlen(out_dir) + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = 0;
        int r = mkdir(path, 0755);
        *p = '/';
        if (r != 0 && errno != EEXIST) return -1;
    }
    return 0;
}

static char zeros[1 << 16];

static void *files_part(void *arg) {
    long t = (long)arg;
    char path[4096];
    for (size_t d = t; d < n_folders; d += threads) {
        for (size_t i = folder_starts[d]; i < folder_starts[d + 1]; i++) {
            snprintf(path, sizeof path, "%s/%s", out_dir, files[i].path);
            if (i == folder_starts[d] && make_parents(path) != 0) { failed = 1; return NULL; }
            int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
            if (fd < 0) { failed = 1; return NULL; }
            size_t left = files[i].size;
            while (left > 0) {
                ssize_t w = write(fd, zeros, left < sizeof zeros ? left : sizeof zeros);
                if (w <= 0) { failed = 1; break; }
                left -= (size_t)w;
            }
            close(fd);
        }
    }
    return NULL;
}

static void run(void *(*part)(void *), double *cpu_s, double *wall_s) {
    pthread_t ts[256];
    double c0 = cpu(), w0 = now();
    for (long t = 0; t < threads; t++) pthread_create(&ts[t], NULL, part, (void *)t);
    for (long t = 0; t < threads; t++) pthread_join(ts[t], NULL);
    *cpu_s = cpu() - c0;
    *wall_s = now() - w0;
    if (failed) die("a part failed (unreadable blob, unparsable text or a file that could not be written)");
}

static int by_path(const void *a, const void *b) { return strcmp(((const file *)a)->path, ((const file *)b)->path); }

static size_t folder_length(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

int main(int argc, char **argv) {
    if (argc != 5) die("usage: history_floor REPO OIDS FILES OUT");
    repo_path = argv[1];
    out_dir = argv[4];
    threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    if (threads > 256) threads = 256;
    if (mkdir(out_dir, 0755) != 0) die("OUT must be a new folder");

    char *line = NULL;
    size_t cap = 0, n = 0;
    FILE *f = fopen(argv[2], "r");
    if (!f) die("cannot open OIDS");
    size_t room = 1024;
    oids = malloc(room * sizeof *oids);
    while (getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        if (n == room) oids = realloc(oids, (room *= 2) * sizeof *oids);
        if (git_oid_fromstr(&oids[n], line) != 0) die("OIDS has a line that is not a blob id");
        n++;
    }
    fclose(f);
    n_oids = n;
    texts = calloc(n_oids ? n_oids : 1, sizeof *texts);

    f = fopen(argv[3], "r");
    if (!f) die("cannot open FILES");
    room = 1024;
    n = 0;
    files = malloc(room * sizeof *files);
    while (getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        if (n == room) files = realloc(files, (room *= 2) * sizeof *files);
        files[n].size = strtoull(line, NULL, 10);
        files[n].path = strdup(tab + 1);
        n++;
    }
    fclose(f);
    free(line);
    n_files = n;
    qsort(files, n_files, sizeof *files, by_path);
    folder_starts = malloc((n_files + 1) * sizeof *folder_starts);
    for (size_t i = 0; i < n_files; i++) {
        size_t len = folder_length(files[i].path);
        if (i == 0 || len != folder_length(files[i - 1].path) || strncmp(files[i].path, files[i - 1].path, len) != 0)
            folder_starts[n_folders++] = i;
    }
    folder_starts[n_folders] = n_files;

    git_libgit2_init();
    double read_cpu, read_wall, parse_cpu, parse_wall, files_cpu, files_wall;
    run(read_part, &read_cpu, &read_wall);
    run(parse_part, &parse_cpu, &parse_wall);
    run(files_part, &files_cpu, &files_wall);
    size_t bytes = 0;
    for (size_t i = 0; i < n_oids; i++) bytes += texts[i].size;
    printf("{\"threads\": %ld, \"texts\": %zu, \"text_bytes\": %zu, \"files\": %zu, \"folders\": %zu, "
           "\"read_cpu\": %.3f, \"read_wall\": %.3f, \"parse_cpu\": %.3f, \"parse_wall\": %.3f, "
           "\"files_cpu\": %.3f, \"files_wall\": %.3f}\n",
           threads, n_oids, bytes, n_files, n_folders, read_cpu, read_wall, parse_cpu, parse_wall, files_cpu, files_wall);
    git_libgit2_shutdown();
    return 0;
}
