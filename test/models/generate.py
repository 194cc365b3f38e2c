#!/usr/bin/env python3
"""Regenerates the tiny random-weight checkpoints and their golden outputs
from Hugging Face transformers (the oracle nobody here wrote).

    pip install torch transformers safetensors   # CPU is enough
    python3 test/models/generate.py [--only NAME]

For the example model it writes examples/tiny-llama/ (bf16 weights). For
each test config below it writes test/models/NAME/: config.json and
model.safetensors (save_pretrained; fp32 weights, or bf16 where the config
says so) and golden.json:
  prompt          the prompt token ids
  generated       32 greedy ids after the prompt, fp32, with the KV cache
  logits          fp32 logits (teacher-forced on prompt + generated) of the
                  first LOGIT_STEPS decode positions
  top2_margin     per position, the gap between the two best logits
Everything is seeded: rerunning gives the same files.
"""
import argparse
import json
import os

import torch
import transformers

STEPS, LOGIT_STEPS = 32, 8
PROMPT = [1, 17, 42, 7]
HERE = os.path.dirname(os.path.abspath(__file__))

# Odd sizes on purpose: hidden not a multiple of 64, heads * head_dim !=
# hidden, tied and untied embeddings, 1 and >1 KV heads per group.
CONFIGS = {
    "llama-tied": ("LlamaConfig", dict(
        hidden_size=72, intermediate_size=144, num_hidden_layers=2,
        num_attention_heads=6, num_key_value_heads=2, vocab_size=320,
        max_position_embeddings=256, rms_norm_eps=1e-5, rope_theta=10000.0,
        tie_word_embeddings=True)),
    "llama3-scaled": ("LlamaConfig", dict(
        hidden_size=64, intermediate_size=160, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=4, vocab_size=256,
        max_position_embeddings=256, rms_norm_eps=1e-5, rope_theta=500000.0,
        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                      "high_freq_factor": 4.0, "original_max_position_embeddings": 32},
        tie_word_embeddings=False)),
    "mistral": ("MistralConfig", dict(
        hidden_size=80, intermediate_size=192, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=1, vocab_size=288,
        max_position_embeddings=256, rms_norm_eps=1e-6, rope_theta=10000.0,
        sliding_window=256, tie_word_embeddings=False)),
    "qwen2": ("Qwen2Config", dict(
        hidden_size=96, intermediate_size=224, num_hidden_layers=2,
        num_attention_heads=6, num_key_value_heads=3, vocab_size=300,
        max_position_embeddings=256, rms_norm_eps=1e-6, rope_theta=1000000.0,
        tie_word_embeddings=True)),
    "qwen3": ("Qwen3Config", dict(
        hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, head_dim=24, vocab_size=256,
        max_position_embeddings=256, rms_norm_eps=1e-6, rope_theta=1000000.0,
        tie_word_embeddings=False)),
}


# The model README's first command runs: bf16 weights (a few hundred KB),
# bundled in examples/. Its golden outputs come from the bf16 weights run in
# fp32, which is what `tilec --dtype f32` computes.
EXAMPLE = ("tiny-llama", "LlamaConfig", dict(
    hidden_size=64, intermediate_size=176, num_hidden_layers=2,
    num_attention_heads=4, num_key_value_heads=2, vocab_size=256,
    max_position_embeddings=128, rms_norm_eps=1e-5, rope_theta=10000.0,
    tie_word_embeddings=False))


def build(name, kind, kwargs):
    torch.manual_seed(sum(map(ord, name)))
    config = getattr(transformers, kind)(**kwargs)
    model = transformers.AutoModelForCausalLM.from_config(config, torch_dtype=torch.float32)
    model.eval()
    # Random init is tiny; widen it so logits are not all near-ties.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2:
                p.normal_(0.0, 1.5 / p.shape[-1] ** 0.5)
            else:
                p.normal_(1.0, 0.1)
    return model


@torch.no_grad()
def golden(model):
    ids = torch.tensor([PROMPT])
    out = model.generate(ids, max_new_tokens=STEPS, do_sample=False, use_cache=True,
                         pad_token_id=0)
    generated = out[0, len(PROMPT):].tolist()
    full = out[:, : len(PROMPT) + LOGIT_STEPS]
    logits = model(full).logits[0, len(PROMPT) - 1: len(PROMPT) - 1 + LOGIT_STEPS]
    top2 = torch.topk(logits, 2, dim=-1).values
    return {
        "prompt": PROMPT,
        "generated": generated,
        "logits": logits.tolist(),
        "top2_margin": (top2[:, 0] - top2[:, 1]).tolist(),
        "transformers": transformers.__version__,
        "torch": torch.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only")
    args = parser.parse_args()
    name, kind, kwargs = EXAMPLE
    if not args.only or args.only == name:
        model = build(name, kind, kwargs).to(torch.bfloat16)
        out = os.path.join(HERE, "..", "..", "examples", name)
        model.save_pretrained(out, safe_serialization=True)
        # Reloaded in fp32 (not model.float(), which would keep RoPE's
        # inv_freq buffer rounded to bf16).
        reference = transformers.AutoModelForCausalLM.from_pretrained(
            out, torch_dtype=torch.float32).eval()
        with open(os.path.join(out, "golden.json"), "w") as f:
            json.dump(golden(reference), f)
        print(f"{name}: wrote {os.path.normpath(out)}")
    for name, (kind, kwargs) in CONFIGS.items():
        if args.only and name != args.only:
            continue
        model = build(name, kind, kwargs)
        out = os.path.join(HERE, name)
        model.save_pretrained(out, safe_serialization=True)
        with open(os.path.join(out, "golden.json"), "w") as f:
            json.dump(golden(model), f)
        print(f"{name}: wrote {out}")


if __name__ == "__main__":
    main()
