#!/usr/bin/env python3
"""Exports a Whisper model to the directory layout clipstream's whisper engine loads.

  encoder.pt         TorchScript: mel [1, n_mels, 2*n_audio_ctx] -> audio features
  decoder.pt         TorchScript: (tokens [1, T], audio features) -> (logits, cross-attention QK)
  tokenizer.tiktoken the byte-level BPE vocabulary (base64 token, rank)
  config.json        dimensions, special token ids, alignment heads

Real weights: --checkpoint tiny.en.pt (an openai-whisper checkpoint: {"dims", "model_state_dict"})
with --tiktoken gpt2.tiktoken (or multilingual.tiktoken) from the openai-whisper package.
Tests: --random builds a tiny randomly initialised model of the same architecture, and
--reference WAV also writes the mel, encoder output and decoder output of that audio for checks.

Needs only PyTorch and NumPy (Debian: python3-torch). Nothing is downloaded.
"""
import argparse
import base64
import json
import math
import os
import wave

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160


class LayerNorm(nn.LayerNorm):
    def forward(self, x: Tensor) -> Tensor:
        return F.layer_norm(x.float(), self.normalized_shape, self.weight, self.bias, self.eps).type(x.dtype)


class MultiHeadAttention(nn.Module):
    def __init__(self, n_state: int, n_head: int):
        super().__init__()
        self.n_head = n_head
        self.query = nn.Linear(n_state, n_state)
        self.key = nn.Linear(n_state, n_state, bias=False)
        self.value = nn.Linear(n_state, n_state)
        self.out = nn.Linear(n_state, n_state)

    def forward(self, x: Tensor, xa: Tensor, mask: Tensor, use_mask: bool):
        q = self.query(x)
        k = self.key(xa)
        v = self.value(xa)
        n_batch, n_ctx, n_state = q.shape
        scale = (n_state // self.n_head) ** -0.25
        q = q.view(n_batch, q.shape[1], self.n_head, -1).permute(0, 2, 1, 3) * scale
        k = k.view(n_batch, k.shape[1], self.n_head, -1).permute(0, 2, 3, 1) * scale
        v = v.view(n_batch, v.shape[1], self.n_head, -1).permute(0, 2, 1, 3)
        qk = q @ k
        if use_mask:
            qk = qk + mask[:n_ctx, :n_ctx]
        qk = qk.float()
        w = F.softmax(qk, dim=-1).to(q.dtype)
        return self.out((w @ v).permute(0, 2, 1, 3).flatten(start_dim=2)), qk


class EncoderBlock(nn.Module):
    def __init__(self, n_state: int, n_head: int):
        super().__init__()
        self.attn = MultiHeadAttention(n_state, n_head)
        self.attn_ln = LayerNorm(n_state)
        self.mlp = nn.Sequential(nn.Linear(n_state, n_state * 4), nn.GELU(), nn.Linear(n_state * 4, n_state))
        self.mlp_ln = LayerNorm(n_state)

    def forward(self, x: Tensor, mask: Tensor) -> Tensor:
        h = self.attn_ln(x)
        a, _ = self.attn(h, h, mask, False)
        x = x + a
        return x + self.mlp(self.mlp_ln(x))


class DecoderBlock(nn.Module):
    def __init__(self, n_state: int, n_head: int):
        super().__init__()
        self.attn = MultiHeadAttention(n_state, n_head)
        self.attn_ln = LayerNorm(n_state)
        self.cross_attn = MultiHeadAttention(n_state, n_head)
        self.cross_attn_ln = LayerNorm(n_state)
        self.mlp = nn.Sequential(nn.Linear(n_state, n_state * 4), nn.GELU(), nn.Linear(n_state * 4, n_state))
        self.mlp_ln = LayerNorm(n_state)

    def forward(self, x: Tensor, xa: Tensor, mask: Tensor):
        h = self.attn_ln(x)
        a, _ = self.attn(h, h, mask, True)
        x = x + a
        c, cross = self.cross_attn(self.cross_attn_ln(x), xa, mask, False)
        x = x + c
        return x + self.mlp(self.mlp_ln(x)), cross


def sinusoids(length: int, channels: int) -> Tensor:
    increment = math.log(10000) / (channels // 2 - 1)
    inv = torch.exp(-increment * torch.arange(channels // 2))
    t = torch.arange(length)[:, None] * inv[None, :]
    return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


class AudioEncoder(nn.Module):
    def __init__(self, n_mels, n_ctx, n_state, n_head, n_layer):
        super().__init__()
        self.conv1 = nn.Conv1d(n_mels, n_state, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(n_state, n_state, kernel_size=3, stride=2, padding=1)
        self.register_buffer("positional_embedding", sinusoids(n_ctx, n_state))
        self.register_buffer("no_mask", torch.zeros(1, 1))
        self.blocks = nn.ModuleList([EncoderBlock(n_state, n_head) for _ in range(n_layer)])
        self.ln_post = LayerNorm(n_state)

    def forward(self, mel: Tensor) -> Tensor:
        x = F.gelu(self.conv1(mel))
        x = F.gelu(self.conv2(x))
        x = x.permute(0, 2, 1)
        x = (x + self.positional_embedding).to(x.dtype)
        for block in self.blocks:
            x = block(x, self.no_mask)
        return self.ln_post(x)


class TextDecoder(nn.Module):
    def __init__(self, n_vocab, n_ctx, n_state, n_head, n_layer):
        super().__init__()
        self.token_embedding = nn.Embedding(n_vocab, n_state)
        self.positional_embedding = nn.Parameter(torch.empty(n_ctx, n_state))
        self.blocks = nn.ModuleList([DecoderBlock(n_state, n_head) for _ in range(n_layer)])
        self.ln = LayerNorm(n_state)
        self.register_buffer("mask", torch.empty(n_ctx, n_ctx).fill_(-np.inf).triu_(1))

    def forward(self, tokens: Tensor, xa: Tensor):
        n = tokens.shape[-1]
        x = self.token_embedding(tokens) + self.positional_embedding[:n]
        x = x.to(xa.dtype)
        qks = []
        for block in self.blocks:
            x, qk = block(x, xa, self.mask)
            qks.append(qk[0])
        x = self.ln(x)
        logits = (x @ torch.transpose(self.token_embedding.weight.to(x.dtype), 0, 1)).float()
        return logits, torch.stack(qks)


def special_tokens(n_text_tokens, multilingual, n_audio_ctx):
    """Whisper's special tokens follow the text tokens in this order."""
    names = ["<|endoftext|>", "<|startoftranscript|>"]
    languages = ["en"] + (["zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su"] if multilingual else [])
    names += [f"<|{l}|>" for l in languages]
    names += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>", "<|notimestamps|>"]
    ids = {name: n_text_tokens + i for i, name in enumerate(names)}
    timestamp_begin = n_text_tokens + len(names)
    sot = ids["<|startoftranscript|>"]
    sot_sequence = [sot, ids["<|en|>"], ids["<|transcribe|>"]] if multilingual else [sot]
    return {
        "eot": ids["<|endoftext|>"],
        "sot": sot,
        "sot_sequence": sot_sequence,
        "no_timestamps": ids["<|notimestamps|>"],
        "no_speech": ids["<|nospeech|>"],
        "timestamp_begin": timestamp_begin,
        "timestamp_count": n_audio_ctx + 1,
    }


def tiny_vocabulary():
    """256 single bytes plus a few merged English words, in tiktoken's rank order."""
    tokens = [bytes([b]) for b in range(256)]
    for word in "the a to and of we is that you it plan team time tool price week show back".split():
        tokens.append((" " + word).encode())
    return tokens


def write_tiktoken(tokens, path):
    with open(path, "w") as f:
        for rank, token in enumerate(tokens):
            f.write(base64.b64encode(token).decode() + " " + str(rank) + "\n")


def read_tiktoken(path):
    with open(path) as f:
        return len([line for line in f if line.strip()])


def log_mel(samples: np.ndarray, n_mels: int, n_frames: int) -> Tensor:
    """Whisper's front end, with torch.stft: the reference the Java front end is checked against."""
    audio = torch.from_numpy(samples.astype(np.float32) / 32768.0)
    length = n_frames * HOP
    audio = F.pad(audio, (0, max(0, length - audio.shape[0])))[:length]
    window = torch.hann_window(N_FFT)
    stft = torch.stft(audio, N_FFT, HOP, window=window, return_complex=True)
    magnitudes = stft[..., :-1].abs() ** 2
    filters = torch.from_numpy(mel_filters(n_mels))
    mel = filters @ magnitudes
    log_spec = torch.clamp(mel, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def mel_filters(n_mels: int) -> np.ndarray:
    """Slaney-style mel filter bank (as librosa.filters.mel with htk=False, norm='slaney')."""
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0

    def hz_to_mel(f):
        return f / f_sp if f < min_log_hz else min_log_mel + math.log(f / min_log_hz) / logstep

    def mel_to_hz(m):
        return f_sp * m if m < min_log_mel else min_log_hz * math.exp(logstep * (m - min_log_mel))

    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    mels = np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), n_mels + 2)
    hz = np.array([mel_to_hz(m) for m in mels])
    fdiff = np.diff(hz)
    ramps = hz[:, None] - fft_freqs[None, :]
    weights = np.zeros((n_mels, N_FFT // 2 + 1))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (hz[2 : n_mels + 2] - hz[:n_mels])
    return (weights * enorm[:, None]).astype(np.float32)


def read_wav(path):
    with wave.open(path) as w:
        assert w.getframerate() == SAMPLE_RATE and w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--checkpoint", help="openai-whisper checkpoint (.pt)")
    parser.add_argument("--tiktoken", help="vocabulary for --checkpoint")
    parser.add_argument("--random", action="store_true", help="tiny random model for tests")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reference", help="16 kHz mono WAV: also write reference outputs for it")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)

    if args.checkpoint:
        checkpoint = torch.load(args.checkpoint, map_location="cpu")
        dims = checkpoint["dims"]
        state = checkpoint["model_state_dict"]
        with open(args.tiktoken) as f, open(os.path.join(args.out, "tokenizer.tiktoken"), "w") as out:
            out.write(f.read())
        n_text_tokens = read_tiktoken(args.tiktoken)
        heads = checkpoint.get("alignment_heads")
    elif args.random:
        tokens = tiny_vocabulary()
        write_tiktoken(tokens, os.path.join(args.out, "tokenizer.tiktoken"))
        n_text_tokens = len(tokens)
        dims = dict(n_mels=80, n_audio_ctx=250, n_audio_state=64, n_audio_head=4, n_audio_layer=2,
                    n_text_ctx=64, n_text_state=64, n_text_head=4, n_text_layer=2)
        specials = special_tokens(n_text_tokens, False, dims["n_audio_ctx"])
        dims["n_vocab"] = specials["timestamp_begin"] + 1501
        state = None
        heads = None
    else:
        parser.error("give --checkpoint or --random")

    multilingual = dims["n_vocab"] >= 51865
    specials = special_tokens(n_text_tokens, multilingual, dims["n_audio_ctx"])
    encoder = AudioEncoder(dims["n_mels"], dims["n_audio_ctx"], dims["n_audio_state"], dims["n_audio_head"], dims["n_audio_layer"])
    decoder = TextDecoder(dims["n_vocab"], dims["n_text_ctx"], dims["n_text_state"], dims["n_text_head"], dims["n_text_layer"])
    if state is not None:
        encoder.load_state_dict({k[len("encoder."):]: v for k, v in state.items() if k.startswith("encoder.")}, strict=False)
        decoder.load_state_dict({k[len("decoder."):]: v for k, v in state.items() if k.startswith("decoder.")}, strict=False)
    else:
        with torch.no_grad():
            decoder.positional_embedding.normal_(0, 0.02)
    encoder.eval()
    decoder.eval()
    torch.jit.script(encoder).save(os.path.join(args.out, "encoder.pt"))
    torch.jit.script(decoder).save(os.path.join(args.out, "decoder.pt"))

    if heads is None:
        layers = dims["n_text_layer"]
        heads = [[layer, head] for layer in range(layers // 2, layers) for head in range(dims["n_text_head"])]
    elif isinstance(heads, (bytes, bytearray)):
        heads = None  # openai stores them gzip-packed; Java then uses the upper half of the layers
    config = dict(dims)
    config.update(specials)
    config["alignment_heads"] = heads or [[l, h] for l in range(dims["n_text_layer"] // 2, dims["n_text_layer"]) for h in range(dims["n_text_head"])]
    config["text_tokens"] = n_text_tokens
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)

    if args.reference:
        samples = read_wav(args.reference)
        frames = 2 * dims["n_audio_ctx"]
        mel = log_mel(samples, dims["n_mels"], frames)
        with torch.no_grad():
            features = encoder(mel[None])
            prompt = torch.tensor([specials["sot_sequence"] + [specials["timestamp_begin"]]])
            logits, qk = decoder(prompt, features)
        np.asarray(mel.numpy(), dtype="<f4").tofile(os.path.join(args.out, "reference-mel.f32"))
        np.asarray(features[0].numpy(), dtype="<f4").tofile(os.path.join(args.out, "reference-features.f32"))
        np.asarray(logits[0, -1].numpy(), dtype="<f4").tofile(os.path.join(args.out, "reference-logits.f32"))


if __name__ == "__main__":
    main()
