package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.PoolSpec;
import java.util.List;
import java.util.Set;

/**
 * The rules for {@code spec.subnets[].pools} besides their ranges (which {@link SubnetRules} checks
 * with the subnet's other ranges): {@code classes} and {@code notClasses} hold 1 to 16 names of
 * classes of {@code spec.classes}; options follow {@link OptionRules}, network-boot fields {@link
 * BootRules}.
 */
final class PoolRules {
  private final Problems problems;
  private final Set<String> classNames;

  PoolRules(Problems problems, Set<String> classNames) {
    this.problems = problems;
    this.classNames = classNames;
  }

  void check(String path, PoolSpec pool) {
    checkClasses(path + ".classes", pool.getClasses());
    checkClasses(path + ".notClasses", pool.getNotClasses());
    new OptionRules(problems).check(path, pool.getOptions());
    BootRules boot = new BootRules(problems);
    boot.check(path, pool);
    boot.checkAgainstOptions(path, pool, pool.getOptions());
  }

  private void checkClasses(String path, List<String> names) {
    if (names == null) {
      return;
    }
    if (names.isEmpty() || names.size() > 16) {
      problems.add(path, "give 1 to 16 class names", names.size());
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || !classNames.contains(name)) {
        problems.add(path + "[" + i + "]", "names no class of spec.classes", name);
      }
    }
  }
}
