/* Per-call NVML timing, read-only. Build: cc -O2 -o nvml-prof nvml-prof.c -ldl
 * Usage: nvml-prof <init flags> <shutdown 0|1> <call,call,...>
 * Times dlopen, nvmlInitWithFlags, the three system queries, count and handle, then each named device call in the
 * given order (first call), then each again (warm), then nvmlShutdown when asked. One line per call: name ms. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*f_v)(void);
typedef int (*f_u)(unsigned);
typedef int (*f_pu)(unsigned *);
typedef int (*f_pi)(int *);
typedef int (*f_sbuf)(char *, unsigned);
typedef int (*f_uh)(unsigned, void **);
typedef int (*f_hbuf)(void *, char *, unsigned);
typedef int (*f_hp)(void *, void *);
typedef int (*f_hpp)(void *, void *, void *);

static void *lib;
static void *dev;
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static void *sym(const char *n) { void *p = dlsym(lib, n); if (!p) { fprintf(stderr, "missing %s\n", n); exit(3); } return p; }
static void report(const char *name, const char *phase, double ms, int rc) { printf("%s%s %.4f %d\n", name, phase, ms, rc); }

static int call(const char *name)
{
    char buf[256]; unsigned u = 0, u2 = 0; int i = 0, j = 0; unsigned long long mem[5] = {0}; unsigned char pci[128] = {0};
    if (!strcmp(name, "pci3")) return ((f_hp)sym("nvmlDeviceGetPciInfo_v3"))(dev, pci);
    if (!strcmp(name, "uuid")) return ((f_hbuf)sym("nvmlDeviceGetUUID"))(dev, buf, 96);
    if (!strcmp(name, "name")) return ((f_hbuf)sym("nvmlDeviceGetName"))(dev, buf, 96);
    if (!strcmp(name, "mem1")) return ((f_hp)sym("nvmlDeviceGetMemoryInfo"))(dev, mem);
    if (!strcmp(name, "mem2")) { struct { unsigned version; unsigned long long total, reserved, free, used; } m2 = {0x02000028, 0, 0, 0, 0}; return ((f_hp)sym("nvmlDeviceGetMemoryInfo_v2"))(dev, &m2); }
    if (!strcmp(name, "cc")) return ((f_hpp)sym("nvmlDeviceGetCudaComputeCapability"))(dev, &i, &j);
    if (!strcmp(name, "brand")) return ((f_hp)sym("nvmlDeviceGetBrand"))(dev, &i);
    if (!strcmp(name, "arch")) return ((f_hp)sym("nvmlDeviceGetArchitecture"))(dev, &u);
    if (!strcmp(name, "minor")) return ((f_hp)sym("nvmlDeviceGetMinorNumber"))(dev, &u);
    if (!strcmp(name, "persist")) return ((f_hp)sym("nvmlDeviceGetPersistenceMode"))(dev, &i);
    if (!strcmp(name, "mig")) return ((f_hpp)sym("nvmlDeviceGetMigMode"))(dev, &u, &u2);
    if (!strcmp(name, "index")) return ((f_hp)sym("nvmlDeviceGetIndex"))(dev, &u);
    fprintf(stderr, "unknown call %s\n", name); exit(3);
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: nvml-prof <init flags> <shutdown 0|1> <call,...>\n"); return 2; }
    unsigned flags = (unsigned)atoi(argv[1]);
    int shutdown = atoi(argv[2]);
    char list[512]; char *names[32]; int n = 0;
    snprintf(list, sizeof list, "%s", argv[3]);
    for (char *p = strtok(list, ","); p && n < 32; p = strtok(NULL, ",")) names[n++] = p;
    char buf[96]; unsigned count = 0; int cuda = 0; double t; int rc;

    t = now(); lib = dlopen("libnvidia-ml.so.1", RTLD_NOW); report("dlopen", "", now() - t, lib ? 0 : -1);
    if (!lib) return 3;
    t = now(); rc = ((f_u)sym("nvmlInitWithFlags"))(flags); report("init", "", now() - t, rc);
    t = now(); rc = ((f_sbuf)sym("nvmlSystemGetDriverVersion"))(buf, 80); report("driver_version", "", now() - t, rc);
    t = now(); rc = ((f_sbuf)sym("nvmlSystemGetNVMLVersion"))(buf, 80); report("nvml_version", "", now() - t, rc);
    t = now(); rc = ((f_pi)sym("nvmlSystemGetCudaDriverVersion"))(&cuda); report("cuda_version", "", now() - t, rc);
    t = now(); rc = ((f_pu)sym("nvmlDeviceGetCount_v2"))(&count); report("count", "", now() - t, rc);
    t = now(); rc = ((f_uh)sym("nvmlDeviceGetHandleByIndex_v2"))(0, &dev); report("handle", "", now() - t, rc);
    for (int k = 0; k < n; k++) { t = now(); rc = call(names[k]); report(names[k], "", now() - t, rc); }
    for (int k = 0; k < n; k++) { t = now(); rc = call(names[k]); report(names[k], "_again", now() - t, rc); }
    if (shutdown) { t = now(); rc = ((f_v)sym("nvmlShutdown"))(); report("shutdown", "", now() - t, rc); }
    return 0;
}
