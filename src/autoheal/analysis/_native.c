/* Optional native helpers for the scan's per-byte work (#21). See native.py for what uses them and why.
 *
 * Every function here has a pure-Python twin that gives byte-identical results (tests/analysis/
 * test_native.py runs both on the same inputs); without a compiler the package installs without this
 * module and the twins run. Built against CPython's limited API (abi3, 3.11+) so one wheel serves the
 * Docker image's Python whatever the host's.
 *
 *   strip_ansi(data)  colour-code removal of logformat.strip_ansi_py in one walk, no piece objects
 *   bare_crs(data)    offsets of the \r that end a line alone (scan.bare_crs_py), no match object each
 *   hit_indexes(...)  which hit lines hold a step marker (linefinder._hit_indexes_py), one C walk
 *   newlines(...)     data.count(b"\n", start, end) eight bytes at a time (scan.newlines_py)
 *   count_line_ends   universal-newline line ends in a range (reader.count_line_ends_py)
 *   Reports(kinds)    a Hyperscan match handler that files each report's end offset in C arrays by
 *                     the kind of its pattern id, instead of a Python call per report; line_ends()
 *                     then maps the reports to the lines they hit (linefinder.LineFinder._ends_hs)
 */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ESC 0x1b

/* Length of the escape sequence starting at p (p[0] == ESC) under
 * \x1b(?:\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>]) (logformat.ANSI_BYTES but its ConsoleNote branch, note_len),
 * or 0 when none starts there.
 * The three classes of the CSI form are disjoint, so the greedy walk is what the regex's backtracking
 * would find. */
static Py_ssize_t seq_len(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *q = p + 1;
    unsigned char c;
    if (q >= e)
        return 0;
    c = *q;
    if (c == '[') {
        q++;
        while (q < e && ((*q >= '0' && *q <= '9') || *q == ';' || *q == '?'))
            q++;
        while (q < e && *q >= 0x20 && *q <= 0x2f)
            q++;
        if (q < e && *q >= 0x40 && *q <= 0x7e)
            return q + 1 - p;
        return 0;
    }
    if (c == '(' || c == ')') {
        q++;
        if (q < e && ((*q >= '0' && *q <= '9') || (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')))
            return 3;
        return 0;
    }
    if (c == '=' || c == '>')
        return 2;
    return 0;
}

/* Length of a Jenkins ConsoleNote starting at p (p[0] == ESC): `ESC[8mha:` + base64 + `ESC[0m`, the first branch of
 * logformat.ANSI_BYTES (tried before seq_len, as the regex tries it first), or 0 when none starts there. */
static Py_ssize_t note_len(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *q = p + 7;
    if (e - p < 11 || memcmp(p, "\x1b[8mha:", 7) != 0)
        return 0;
    while (q < e && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '+' ||
                     *q == '/' || *q == '='))
        q++;
    if (e - q >= 4 && memcmp(q, "\x1b[0m", 4) == 0)
        return q + 4 - p;
    return 0;
}

static Py_ssize_t esc_len(const unsigned char *p, const unsigned char *e)
{
    Py_ssize_t len = note_len(p, e);
    return len > 0 ? len : seq_len(p, e);
}

/* strip_ansi(data: bytes) -> bytes: logformat.strip_ansi_py's two regex passes in one walk.
 * Pass one turns `\r(?:SEQ)+\n` into `\r \n` (GitLab's `\r ESC[0K \n` stays two line ends); pass two
 * removes every SEQ. Neither a SEQ nor pass one's result holds what the other pass starts on out of
 * place, so doing both at each ESC, left to right, gives the same bytes: pass one is tried at an ESC
 * whose preceding byte is a \r (that \r was copied as it was: no SEQ and no pass-one match ends in \r). */
static PyObject *strip_ansi(PyObject *self, PyObject *arg)
{
    char *buf;
    Py_ssize_t n;
    const unsigned char *s, *e, *p, *q;
    unsigned char *out, *o;
    PyObject *res;
    (void)self;
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "strip_ansi: bytes expected");
        return NULL;
    }
    if (PyBytes_AsStringAndSize(arg, &buf, &n) < 0)
        return NULL;
    s = (const unsigned char *)buf;
    e = s + n;
    p = memchr(s, ESC, (size_t)n);
    if (p == NULL) {
        Py_INCREF(arg);
        return arg;
    }
    out = malloc(n > 0 ? (size_t)n : 1); /* the result is never longer */
    if (out == NULL)
        return PyErr_NoMemory();
    memcpy(out, s, (size_t)(p - s));
    o = out + (p - s);
    while (p < e) {
        Py_ssize_t len;
        if (*p != ESC) {
            q = memchr(p, ESC, (size_t)(e - p));
            if (q == NULL)
                q = e;
            memcpy(o, p, (size_t)(q - p));
            o += q - p;
            p = q;
            continue;
        }
        if (p > s && p[-1] == '\r') {
            const unsigned char *r = p;
            while (r < e && *r == ESC && (len = esc_len(r, e)) > 0)
                r += len;
            if (r > p && r < e && *r == '\n') {
                *o++ = ' ';
                *o++ = '\n';
                p = r + 1;
                continue;
            }
        }
        len = esc_len(p, e);
        if (len > 0) {
            p += len;
        } else {
            *o++ = ESC;
            p++;
        }
    }
    res = PyBytes_FromStringAndSize((const char *)out, o - out);
    free(out);
    return res;
}

/* bare_crs(data: bytes) -> list[int]: offsets of the \r that end a line by themselves (not followed by \n;
 * one at the very end counts), scan.bare_crs_py's `\r(?!\n)` without a match object per offset. */
static PyObject *bare_crs(PyObject *self, PyObject *arg)
{
    char *buf;
    Py_ssize_t n;
    const char *p, *e;
    PyObject *list, *x;
    (void)self;
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "bare_crs: bytes expected");
        return NULL;
    }
    if (PyBytes_AsStringAndSize(arg, &buf, &n) < 0)
        return NULL;
    list = PyList_New(0);
    if (list == NULL)
        return NULL;
    e = buf + n;
    for (p = memchr(buf, '\r', (size_t)n); p != NULL; p = memchr(p, '\r', (size_t)(e - p))) {
        if (p + 1 == e || p[1] != '\n') {
            x = PyLong_FromSsize_t(p - buf);
            if (x == NULL || PyList_Append(list, x) < 0) {
                Py_XDECREF(x);
                Py_DECREF(list);
                return NULL;
            }
            Py_DECREF(x);
        }
        if (++p >= e)
            break;
    }
    return list;
}

static PyObject *list_of(const Py_ssize_t *v, Py_ssize_t n)
{
    PyObject *list = PyList_New(n), *x;
    Py_ssize_t i;
    if (list == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        x = PyLong_FromSsize_t(v[i]);
        if (x == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SetItem(list, i, x); /* steals x */
    }
    return list;
}

static int cmp_ssize(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

/* A list of ints as a malloc'd C array (*n items); NULL with an exception set on failure. */
static Py_ssize_t *array_of(PyObject *list, Py_ssize_t *n)
{
    Py_ssize_t i, *a;
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "a list of ints expected");
        return NULL;
    }
    *n = PyList_Size(list);
    a = malloc((size_t)(*n ? *n : 1) * sizeof(Py_ssize_t));
    if (a == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (i = 0; i < *n; i++) {
        a[i] = PyLong_AsSsize_t(PyList_GetItem(list, i));
        if (a[i] == -1 && PyErr_Occurred()) {
            free(a);
            return NULL;
        }
    }
    return a;
}

/* hit_indexes(data, hits, positions, has_cr) -> list[int]: linefinder._hit_indexes_py, natively: indexes in
 * hits (hit line ends, in order) of the hit lines holding the byte before one of positions (match ends of a
 * literal that holds no line end), in order, each once. */
static PyObject *hit_indexes(PyObject *self, PyObject *args)
{
    PyObject *data, *ohits, *opos, *list = NULL;
    int has_cr;
    char *buf;
    Py_ssize_t len, n, m, i, k = 0, last = -1;
    Py_ssize_t *hits = NULL, *pos = NULL, *out = NULL;
    int ordered = 1;
    (void)self;
    if (!PyArg_ParseTuple(args, "SO!O!p", &data, &PyList_Type, &ohits, &PyList_Type, &opos, &has_cr))
        return NULL;
    if (PyBytes_AsStringAndSize(data, &buf, &len) < 0)
        return NULL;
    if ((hits = array_of(ohits, &n)) == NULL || (pos = array_of(opos, &m)) == NULL)
        goto done;
    out = malloc((size_t)(m ? m : 1) * sizeof(Py_ssize_t));
    if (out == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (i = 0; i < m; i++) {
        Py_ssize_t p = pos[i] - 1, lo = 0, hi = n, le;
        while (lo < hi) { /* bisect_left(hits, p) */
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (hits[mid] < p)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == last || lo == n)
            continue;
        le = hits[lo];
        if (p < 0 || le > len || p > le) {
            PyErr_SetString(PyExc_ValueError, "hit_indexes: offsets outside the data");
            goto done;
        }
        if (memchr(buf + p, '\n', (size_t)(le - p)) == NULL && !(has_cr && memchr(buf + p, '\r', (size_t)(le - p)))) {
            if (k && lo <= out[k - 1])
                ordered = 0;
            out[k++] = lo;
            last = lo;
        }
    }
    if (!ordered) { /* reports out of order: sorted, each once */
        Py_ssize_t w = 0;
        qsort(out, (size_t)k, sizeof(Py_ssize_t), cmp_ssize);
        for (i = 0; i < k; i++)
            if (w == 0 || out[i] != out[w - 1])
                out[w++] = out[i];
        k = w;
    }
    list = list_of(out, k);
done:
    free(hits);
    free(pos);
    free(out);
    return list;
}

/* Number of \n in p[0:n], eight bytes at a time: an exact zero-byte test of x ^ 0x0a.. per byte, summed by a
 * multiply (~8x CPython's byte loop). */
static Py_ssize_t count_lf(const unsigned char *p, Py_ssize_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, lf = 0x0a0a0a0a0a0a0a0aULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
    Py_ssize_t i, c = 0;
    for (i = 0; i + 32 <= n; i += 32) {
        uint64_t acc = 0, x, t;
        int k;
        for (k = 0; k < 4; k++) { /* each byte of acc sums at most 4: the multiply's byte sum cannot carry */
            memcpy(&x, p + i + 8 * k, 8);
            x ^= lf;
            t = ((x & low7) + low7) | x; /* high bit set in each byte that is not \n */
            acc += (~t >> 7) & ones;
        }
        c += (Py_ssize_t)((acc * ones) >> 56);
    }
    for (; i < n; i++)
        c += p[i] == '\n';
    return c;
}

/* newlines(data, start, end) -> int: data.count(b"\n", start, end) (start and end as in a slice); the scan
 * counts every line end of the log to number lines. */
static PyObject *newlines(PyObject *self, PyObject *args)
{
    PyObject *data;
    Py_ssize_t a, b, n;
    char *buf;
    (void)self;
    if (!PyArg_ParseTuple(args, "Snn", &data, &a, &b))
        return NULL;
    if (PyBytes_AsStringAndSize(data, &buf, &n) < 0)
        return NULL;
    if (a < 0 && (a += n) < 0)
        a = 0;
    if (b < 0 && (b += n) < 0)
        b = 0;
    if (b > n)
        b = n;
    if (b <= a)
        return PyLong_FromSsize_t(0);
    return PyLong_FromSsize_t(count_lf((const unsigned char *)buf + a, b - a));
}

/* count_line_ends(data, start, end) -> int: reader.count_line_ends_py, natively: the \n in data[start:end]
 * plus the \r not followed by \n within it (one at end - 1 counts: the range is read as the whole text).
 * 0 <= start <= end <= len(data), else ValueError. */
static PyObject *count_line_ends(PyObject *self, PyObject *args)
{
    PyObject *data;
    Py_ssize_t a, b, n, c;
    char *buf;
    const char *p, *e;
    (void)self;
    if (!PyArg_ParseTuple(args, "Snn", &data, &a, &b))
        return NULL;
    if (PyBytes_AsStringAndSize(data, &buf, &n) < 0)
        return NULL;
    if (a < 0 || b < a || b > n) {
        PyErr_SetString(PyExc_ValueError, "count_line_ends: need 0 <= start <= end <= len(data)");
        return NULL;
    }
    c = count_lf((const unsigned char *)buf + a, b - a);
    e = buf + b;
    for (p = memchr(buf + a, '\r', (size_t)(b - a)); p != NULL; p = memchr(p, '\r', (size_t)(e - p))) {
        if (p + 1 == e || p[1] != '\n')
            c++;
        if (++p >= e)
            break;
    }
    return PyLong_FromSsize_t(c);
}

/* ---- Reports: a Hyperscan match handler collecting end offsets by kind ---- */

#define KINDS 8

typedef struct {
    Py_ssize_t *v;
    Py_ssize_t n, cap;
} Vec;

typedef struct {
    PyObject_HEAD
    unsigned char *kind_of; /* kind of each pattern id below n_ids */
    Py_ssize_t n_ids;
    unsigned char last; /* kind of every id from n_ids on */
    Vec vec[KINDS];
} Reports;

static int vec_push(Vec *v, Py_ssize_t x)
{
    if (v->n == v->cap) {
        Py_ssize_t cap = v->cap ? v->cap * 2 : 4096;
        Py_ssize_t *nv = realloc(v->v, (size_t)cap * sizeof(Py_ssize_t));
        if (nv == NULL)
            return -1;
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = x;
    return 0;
}

static int Reports_init(PyObject *op, PyObject *args, PyObject *kwds)
{
    Reports *self = (Reports *)op;
    const char *kinds;
    Py_ssize_t n, i;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "y#", &kinds, &n))
        return -1;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "Reports: at least one kind");
        return -1;
    }
    for (i = 0; i < n; i++) {
        if ((unsigned char)kinds[i] >= KINDS) {
            PyErr_SetString(PyExc_ValueError, "Reports: kinds are 0-7");
            return -1;
        }
    }
    free(self->kind_of);
    self->kind_of = malloc((size_t)n);
    if (self->kind_of == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(self->kind_of, kinds, (size_t)n);
    self->n_ids = n;
    self->last = (unsigned char)kinds[n - 1];
    return 0;
}

static void Reports_dealloc(PyObject *op)
{
    Reports *self = (Reports *)op;
    PyTypeObject *tp = Py_TYPE(op);
    int k;
    for (k = 0; k < KINDS; k++)
        free(self->vec[k].v);
    free(self->kind_of);
    ((freefunc)PyType_GetSlot(tp, Py_tp_free))(op);
    Py_DECREF(tp);
}

/* The handler: (id, from, to, flags, context) -> None (go on scanning). */
static PyObject *Reports_call(PyObject *op, PyObject *args, PyObject *kwds)
{
    Reports *self = (Reports *)op;
    PyObject *oid, *oto;
    unsigned long id;
    Py_ssize_t to;
    (void)kwds;
    oid = PyTuple_GetItem(args, 0);
    oto = PyTuple_GetItem(args, 2);
    if (oid == NULL || oto == NULL)
        return NULL;
    id = PyLong_AsUnsignedLong(oid);
    to = PyLong_AsSsize_t(oto);
    if (PyErr_Occurred())
        return NULL;
    if (vec_push(&self->vec[id < (unsigned long)self->n_ids ? self->kind_of[id] : self->last], to) < 0)
        return PyErr_NoMemory();
    Py_RETURN_NONE;
}

static int kind_arg(PyObject *o, int *kind)
{
    long k = PyLong_AsLong(o);
    if (k == -1 && PyErr_Occurred())
        return -1;
    if (k < 0 || k >= KINDS) {
        PyErr_SetString(PyExc_ValueError, "Reports: kinds are 0-7");
        return -1;
    }
    *kind = (int)k;
    return 0;
}

/* take(kind) -> list[int]: the end offsets reported for that kind, in report order; forgets them. */
static PyObject *Reports_take(PyObject *op, PyObject *arg)
{
    Reports *self = (Reports *)op;
    PyObject *list;
    int k;
    if (kind_arg(arg, &k) < 0)
        return NULL;
    list = list_of(self->vec[k].v, self->vec[k].n);
    if (list != NULL)
        self->vec[k].n = 0;
    return list;
}

/* line_ends(kind, data, has_cr) -> list[int]: the ends of the lines the reports of that kind hit, in order,
 * each once (linefinder.LineFinder._ends_hs's loop): a report at or before the last line end found is on
 * that line; else its line ends at the next \n (or, with has_cr, an earlier \r) or at the block's end.
 * Forgets the reports. */
static PyObject *Reports_line_ends(PyObject *op, PyObject *args)
{
    Reports *self = (Reports *)op;
    PyObject *okind, *data, *list = NULL;
    int k, has_cr;
    char *buf;
    Py_ssize_t n, i, m = 0, nxt = 0;
    Py_ssize_t *ends;
    Vec *v;
    if (!PyArg_ParseTuple(args, "OSp", &okind, &data, &has_cr))
        return NULL;
    if (kind_arg(okind, &k) < 0)
        return NULL;
    if (PyBytes_AsStringAndSize(data, &buf, &n) < 0)
        return NULL;
    v = &self->vec[k];
    ends = malloc((size_t)(v->n ? v->n : 1) * sizeof(Py_ssize_t));
    if (ends == NULL)
        return PyErr_NoMemory();
    for (i = 0; i < v->n; i++) {
        Py_ssize_t to = v->v[i], from, le;
        const char *hit;
        if (to <= nxt)
            continue;
        from = to - 1;
        if (from < 0 || from > n)
            from = from < 0 ? 0 : n;
        hit = memchr(buf + from, '\n', (size_t)(n - from));
        le = hit ? hit - buf : n;
        if (has_cr) {
            hit = memchr(buf + from, '\r', (size_t)(le - from));
            if (hit)
                le = hit - buf;
        }
        ends[m++] = le;
        nxt = le + 1;
    }
    list = list_of(ends, m);
    free(ends);
    if (list != NULL)
        v->n = 0;
    return list;
}

static PyMethodDef Reports_methods[] = {
    {"take", Reports_take, METH_O, "take(kind) -> list[int]: the reported end offsets of that kind; forgets them."},
    {"line_ends", Reports_line_ends, METH_VARARGS,
     "line_ends(kind, data, has_cr) -> list[int]: ends of the lines hit by the reports of that kind."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Reports_slots[] = {
    {Py_tp_init, Reports_init},
    {Py_tp_dealloc, Reports_dealloc},
    {Py_tp_call, Reports_call},
    {Py_tp_methods, Reports_methods},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_doc, "Reports(kinds: bytes): a Hyperscan match handler; pattern id i is of kind kinds[i] "
                "(the last byte's kind from len(kinds) on)."},
    {0, NULL},
};

static PyType_Spec Reports_spec = {
    "autoheal.analysis._native.Reports", sizeof(Reports), 0, Py_TPFLAGS_DEFAULT, Reports_slots,
};

static PyMethodDef module_methods[] = {
    {"hit_indexes", hit_indexes, METH_VARARGS,
     "hit_indexes(data, hits, positions, has_cr) -> list[int]: linefinder._hit_indexes_py, natively."},
    {"newlines", newlines, METH_VARARGS, "newlines(data, start, end) -> int: data.count(b'\\n', start, end)."},
    {"count_line_ends", count_line_ends, METH_VARARGS,
     "count_line_ends(data, start, end) -> int: reader.count_line_ends_py, natively."},
    {"bare_crs", bare_crs, METH_O, "bare_crs(data: bytes) -> list[int]: scan.bare_crs_py, natively."},
    {"strip_ansi", strip_ansi, METH_O, "strip_ansi(data: bytes) -> bytes: logformat.strip_ansi_py, natively."},
    {NULL, NULL, 0, NULL},
};

static int module_exec(PyObject *m)
{
    PyObject *tp = PyType_FromSpec(&Reports_spec);
    if (tp == NULL)
        return -1;
    if (PyModule_AddObject(m, "Reports", tp) < 0) {
        Py_DECREF(tp);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "autoheal.analysis._native",
    "Optional native helpers for the scan's per-byte work (see native.py).", 0, module_methods, module_slots,
    NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void)
{
    return PyModuleDef_Init(&module_def);
}
