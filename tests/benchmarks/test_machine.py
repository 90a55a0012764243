"""The machine description and peak RSS come from /proc text; parsed here from samples."""

from __future__ import annotations

from benchmarks.machine import cpu_model, memory_gib
from benchmarks.service_process import parse_vm_hwm_mb


def test_cpu_model_is_the_first_model_name() -> None:
    text = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9B14\n"
    assert cpu_model(text) == "AMD EPYC 9B14"


def test_memory_is_memtotal_in_gib() -> None:
    assert memory_gib("MemTotal:       24641356 kB\nMemFree: 1 kB\n") == 23.5
    assert memory_gib("nothing here") is None


def test_peak_rss_is_vmhwm_in_mib() -> None:
    status = "Name:\tpython\nVmPeak:\t 9999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1000 kB\n"
    assert parse_vm_hwm_mb(status) == 200.0
    assert parse_vm_hwm_mb("Name:\tpython\n") is None


def test_a_vague_cpu_name_gets_its_family_and_model() -> None:
    text = "cpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC\n"
    assert cpu_model(text) == "AMD EPYC (family 25, model 17)"
