package io.linkdns.core.plan;

/**
 * What a DNS provider accepts: changes, resource records (each value and each marker counted) and
 * characters of values per atomic write, and values per record set.
 */
public record ProviderLimits(
    int maxChangesPerBatch,
    int maxRecordsPerBatch,
    int maxValueCharsPerBatch,
    int maxValuesPerRecordSet) {
  /**
   * Route 53: 1000 records and 32,000 characters per ChangeResourceRecordSets; UPSERT counted
   * twice.
   */
  public static final ProviderLimits ROUTE53 =
      new ProviderLimits(Integer.MAX_VALUE, 1000, 32_000, 400);

  /** Azure Private DNS: one record set per request, at most 20 records in a record set. */
  public static final ProviderLimits AZURE_PRIVATE_DNS =
      new ProviderLimits(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 20);
}
