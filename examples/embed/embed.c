/*===- embed.c - a host program embedding the tilec runtime -----------------===*
 *
 * What an engine does with a tilec artifact compiled from a model: load it,
 * bind the checkpoint, feed a prompt one token per step and decode greedily,
 * through the C ABI of tilec/runtime.h alone (the installed package:
 * find_package(tilec CONFIG) -> tilec::runtime, or pkg-config
 * tilec-runtime). Prints the generated ids, comma-separated.
 *
 *   embed ARTIFACT CHECKPOINT STEPS PROMPT_ID...
 *===----------------------------------------------------------------------===*/
#include <tilec/runtime.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what) {
  fprintf(stderr, "embed: %s: %s\n", what, tilec_last_error());
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: embed ARTIFACT CHECKPOINT STEPS PROMPT_ID...\n");
    return 2;
  }
  tilec_options options;
  tilec_options_init(&options);
  tilec_model *model = NULL;
  if (tilec_model_load(argv[1], &options, &model) != TILEC_OK)
    return fail("loading the artifact");
  if (tilec_load_checkpoint(model, argv[2], NULL, NULL, NULL) != TILEC_OK)
    return fail("loading the checkpoint");
  int steps = atoi(argv[3]);
  int prompt = argc - 4;
  /* The model reads the token to decode from "token" and writes the greedy
   * choice back there (tile.feeds). */
  int32_t token = (int32_t)atoi(argv[4]);
  for (int step = 0; step < prompt + steps - 1; ++step) {
    if (tilec_set_buffer(model, "token", &token, sizeof token) != TILEC_OK)
      return fail("setting the token");
    if (tilec_run(model, step, 1) != TILEC_OK)
      return fail("running a step");
    int32_t next;
    if (tilec_get_buffer(model, "token", &next, sizeof next) != TILEC_OK)
      return fail("reading the next token");
    if (step + 1 < prompt) {
      token = (int32_t)atoi(argv[4 + step + 1]);
      continue;
    }
    printf("%s%d", step + 1 == prompt ? "" : ",", next);
    token = next;
  }
  printf("\n");
  tilec_model_free(model);
  return 0;
}
