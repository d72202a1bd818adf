"""The Python baseline's pacer against aws-function's PacerTest, case for case, on a fake clock: both
functions must wait the same for Route 53. Run: python3 -m unittest discover -s bench/python"""
import os
import unittest

os.environ.setdefault("AWS_REGION", "us-east-2")
import linkdns_min  # noqa: E402  (builds boto3 clients at import, as a Lambda function does)

Pacer = linkdns_min.Pacer


class FakeTime:
    def __init__(self):
        self.now, self.slept = 1000.0, 0.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept += seconds
        self.now += seconds


class PacerTest(unittest.TestCase):
    def pacer(self, rate):
        self.time = FakeTime()
        return Pacer(rate, clock=self.time.clock, sleep=self.time.sleep)

    def test_sleeps_exactly_what_the_buckets_need(self):
        for operation, calls, rate, seconds in [
            ("ListResourceRecordSets", 50, 10, 0),
            ("ListResourceRecordSets", 100, 10, 5),
            ("ListResourceRecordSets", 60, 5, 2),
            ("CreateHostedZone", 40, 10, 0),
            ("CreateHostedZone", 60, 10, 10),
            ("AssociateVPCWithHostedZone", 30, 10, 2),
            ("DisassociateVPCFromHostedZone", 20, 10, 2),
            ("DeleteHostedZone", 60, 10, 4),
        ]:
            with self.subTest(operation=operation, calls=calls, rate=rate):
                pacer = self.pacer(rate)
                for _ in range(calls):
                    pacer.acquire(operation)
                self.assertAlmostEqual(self.time.slept, seconds, delta=0.01)

    def test_operations_share_the_account_bucket(self):
        pacer = self.pacer(10)
        for _ in range(30):
            pacer.acquire("ListResourceRecordSets")
            pacer.acquire("GetHostedZone")
        self.assertAlmostEqual(self.time.slept, 1.0, delta=0.01)

    def test_never_sleeps_past_the_deadline(self):
        pacer = self.pacer(10)
        pacer.deadline = self.time.now + 1
        with self.assertRaisesRegex(TimeoutError, "ListResourceRecordSets"):
            for _ in range(100):
                pacer.acquire("ListResourceRecordSets")
        self.assertLessEqual(self.time.slept, 1.0)

    def test_a_throttle_halves_the_rate_then_it_recovers(self):
        pacer = self.pacer(10)
        pacer.throttled()
        pacer.acquire("ListResourceRecordSets")
        self.assertAlmostEqual(self.time.slept, 0.2, delta=0.001)
        self.time.now += 20
        self.assertEqual(pacer.factor(self.time.now), 1.0)

    def test_repeated_throttles_keep_a_floor(self):
        pacer = self.pacer(10)
        for _ in range(10):
            pacer.throttled()
        self.assertAlmostEqual(pacer.factor(self.time.now), Pacer.FLOOR, delta=1e-9)

    def test_a_rate_must_be_positive(self):
        with self.assertRaisesRegex(ValueError, "rate must be positive"):
            Pacer(0)

    def test_a_change_batch_takes_one_token_per_create_or_delete_and_two_per_upsert(self):
        for creates, deletes, upserts, tokens in [(1, 0, 0, 1), (0, 1, 0, 1), (0, 0, 1, 2), (3, 2, 4, 13), (0, 0, 500, 1000)]:
            actions = ["CREATE"] * creates + ["DELETE"] * deletes + ["UPSERT"] * upserts
            body = "".join(f"<Change><Action>{a}</Action></Change>" for a in actions).encode()
            self.assertEqual(Pacer.change_tokens("ChangeResourceRecordSets", body), tokens)

    def test_other_operations_take_the_documented_change_tokens(self):
        for operation, tokens in [("AssociateVPCWithHostedZone", 2), ("DisassociateVPCFromHostedZone", 2),
                                  ("CreateHostedZone", 2), ("DeleteHostedZone", 2), ("ListResourceRecordSets", 0)]:
            self.assertEqual(Pacer.change_tokens(operation, b""), tokens)

    def test_a_burst_of_large_batches_waits_exactly_what_the_refill_needs(self):
        for batches, tokens, seconds in [(1, 1000, 0), (2, 1000, 5), (3, 1000, 15), (10, 500, 35), (40, 100, 25)]:
            with self.subTest(batches=batches, tokens=tokens):
                pacer = self.pacer(10)
                for _ in range(batches):
                    pacer.acquire("ChangeResourceRecordSets", tokens)
                self.assertAlmostEqual(self.time.slept, seconds, delta=0.01)

    def test_the_change_bucket_never_sleeps_past_the_deadline(self):
        pacer = self.pacer(10)
        pacer.deadline = self.time.now + 4
        pacer.acquire("ChangeResourceRecordSets", 1000)
        with self.assertRaisesRegex(TimeoutError, "ChangeResourceRecordSets"):
            pacer.acquire("ChangeResourceRecordSets", 1000)
        self.assertEqual(self.time.slept, 0)

    def test_a_batch_larger_than_the_change_bucket_is_refused(self):
        with self.assertRaisesRegex(ValueError, "1501"):
            self.pacer(10).acquire("ChangeResourceRecordSets", 1501)

    def test_a_throttling_answer_reaches_the_pacer(self):
        # the hook on the real client: a Throttling error parsed by botocore halves the rate
        pacer = self.pacer(10)
        pacer.attach(linkdns_min.route53)
        linkdns_min.route53.meta.events.emit("response-received.route-53.ListHostedZonesByVPC",
                                             parsed_response={"Error": {"Code": "Throttling"}})
        self.assertEqual(pacer.factor(self.time.now), 0.5)


if __name__ == "__main__":
    unittest.main()
