/* What each NVML call the driver makes costs in resident memory, whether it maps libcuda, and what giving back NVML's
 * libcuda reference after the unload frees (read-only queries only).
 * Build: cc -O2 -o nvml-memory nvml-memory.c -ldl */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static void *lib, *dev;
static void *sym(const char *n) { void *p = dlsym(lib, n); if (!p) { fprintf(stderr, "missing %s\n", n); exit(3); } return p; }
static void state(const char *step, int rc) {
  FILE *f = fopen("/proc/self/maps", "r"); char line[512]; int cuda = 0;
  while (fgets(line, sizeof line, f)) if (strstr(line, "libcuda")) cuda = 1;
  fclose(f);
  f = fopen("/proc/self/status", "r"); long rss = 0, anon = 0;
  while (fgets(line, sizeof line, f)) { sscanf(line, "VmRSS: %ld", &rss); sscanf(line, "RssAnon: %ld", &anon); }
  fclose(f);
  printf("%-28s rc=%-3d libcuda=%d VmRSS=%ld kB RssAnon=%ld kB\n", step, rc, cuda, rss, anon);
}
int main(void) {
  char buf[256]; int i = 0, j = 0; unsigned u = 0, u2 = 0; unsigned char pci[128];
  state("start", 0);
  lib = dlopen("libnvidia-ml.so.1", RTLD_NOW); state("dlopen", lib ? 0 : -1);
  state("initWithFlags(NO_GPUS)", ((int (*)(unsigned))sym("nvmlInitWithFlags"))(1));
  state("driverVersion", ((int (*)(char *, unsigned))sym("nvmlSystemGetDriverVersion"))(buf, 80));
  state("nvmlVersion", ((int (*)(char *, unsigned))sym("nvmlSystemGetNVMLVersion"))(buf, 80));
  state("cudaDriverVersion", ((int (*)(int *))sym("nvmlSystemGetCudaDriverVersion"))(&i));
  state("count", ((int (*)(unsigned *))sym("nvmlDeviceGetCount_v2"))(&u));
  state("handle", ((int (*)(unsigned, void **))sym("nvmlDeviceGetHandleByIndex_v2"))(0, &dev));
  state("pci3", ((int (*)(void *, void *))sym("nvmlDeviceGetPciInfo_v3"))(dev, pci));
  state("uuid", ((int (*)(void *, char *, unsigned))sym("nvmlDeviceGetUUID"))(dev, buf, 96));
  state("name", ((int (*)(void *, char *, unsigned))sym("nvmlDeviceGetName"))(dev, buf, 96));
  state("cc", ((int (*)(void *, int *, int *))sym("nvmlDeviceGetCudaComputeCapability"))(dev, &i, &j));
  state("brand", ((int (*)(void *, int *))sym("nvmlDeviceGetBrand"))(dev, &i));
  state("arch", ((int (*)(void *, unsigned *))sym("nvmlDeviceGetArchitecture"))(dev, &u));
  state("mig", ((int (*)(void *, unsigned *, unsigned *))sym("nvmlDeviceGetMigMode"))(dev, &u, &u2));
  state("shutdown", ((int (*)(void))sym("nvmlShutdown"))());
  state("dlclose", dlclose(lib));
  /* NVML took a reference to libcuda and did not give it back: one dlclose beyond the RTLD_NOLOAD probe's own. */
  void *cuda = dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (cuda) { dlclose(cuda); state("dlclose libcuda", dlclose(cuda)); }
  state("libcuda still loaded?", dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD) != NULL);
  return 0;
}
