package io.dhcpfailover.operator.image;

import io.dhcpfailover.lab.MergePatchCrudDispatcher;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * The CRUD mock, answering a {@code SelfSubjectRulesReview} (which the operator's leader election
 * sends before it takes its Lease) with the rules of the ClusterRole the operator is installed
 * with, as an API server would for its service account: a Lease permission missing from {@code
 * deploy/} stops the operator here as it would in a cluster.
 */
final class RulesReviewDispatcher extends MergePatchCrudDispatcher {
  private final List<ResourceRule> rules;

  RulesReviewDispatcher(ClusterRole granted) {
    this.rules = granted.getRules().stream().map(RulesReviewDispatcher::resourceRule).toList();
  }

  private static ResourceRule resourceRule(PolicyRule rule) {
    return new ResourceRule(rule.getApiGroups(), rule.getResourceNames(), rule.getResources(),
        rule.getVerbs());
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    if (!request.getPath().contains("/selfsubjectrulesreviews")) {
      return super.handleCreate(request);
    }
    SelfSubjectRulesReview asked =
        Serialization.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
    SelfSubjectRulesReview answer = new SelfSubjectRulesReviewBuilder(asked)
        .withNewStatus()
        .withIncomplete(false)
        .withResourceRules(rules)
        .endStatus()
        .build();
    return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(answer));
  }
}
