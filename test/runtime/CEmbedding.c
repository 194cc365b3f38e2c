/*===- CEmbedding.c - the C ABI used from C, as an embedder would ---------===*
 *
 * Compiled as C (not C++) so a header change that only C++ accepts breaks
 * the build. CApiTest.cpp calls it on an artifact it wrote.
 *===----------------------------------------------------------------------===*/
#include "tilec/runtime.h"

#include <string.h>

/* Loads dir, sets "x" = {1, 2, 3, 4}, runs one step, reads "y" into y[4].
 * Returns 0 on success, else the failing tilec_status. */
int tilec_c_embedding_run(const char *dir, float y[4]) {
  tilec_options opts;
  tilec_model *model = NULL;
  tilec_status status;
  const float x[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  tilec_options_init(&opts);
  opts.trace = true;
  status = tilec_model_load(dir, &opts, &model);
  if (status == TILEC_OK)
    status = tilec_set_buffer(model, "x", x, sizeof x);
  if (status == TILEC_OK)
    status = tilec_run(model, 0, 1);
  if (status == TILEC_OK)
    status = tilec_get_buffer(model, "y", y, 4 * sizeof(float));
  tilec_model_free(model);
  return (int)status;
}
