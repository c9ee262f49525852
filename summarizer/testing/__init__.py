"""Test utilities: a real-HTTP fake of the OpenAI API with scriptable faults."""

from summarizer.testing.fakeserver import INVENTED_SENTENCES, FakeOpenAI, Fault, FaultKind

__all__ = ["INVENTED_SENTENCES", "FakeOpenAI", "Fault", "FaultKind"]
