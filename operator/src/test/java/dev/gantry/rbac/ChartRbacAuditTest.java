package dev.gantry.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The RBAC audit of the chart: every rule of every Role and ClusterRole template is listed in
 * docs/rbac.md with the code that needs it, names no wildcard and no privilege-granting verb, and
 * the code it names exists. Run with -Dgantry.rbac.update=true to refresh docs/rbac.md.
 */
class ChartRbacAuditTest {
  private static final Pattern OWNER = Pattern.compile("^\\s*#\\s+([A-Z][A-Za-z0-9]+)\\b");
  private static final Pattern LIST = Pattern.compile("^\\s*-?\\s*(\\w+):\\s*\\[(.*)]\\s*$");
  private static final Set<String> ALLOWED_VERBS =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  record Rule(
      String template,
      List<String> owners,
      List<String> apiGroups,
      List<String> resources,
      List<String> resourceNames,
      List<String> verbs) {}

  @Test
  void everyRuleNamesExistingCodeAndNoWildcardOrEscalation() {
    List<Rule> rules = chartRules();
    assertThat(rules).hasSizeGreaterThan(30);
    Set<String> sources = mainSourceClassNames();
    for (Rule rule : rules) {
      String where = rule.template() + " " + rule.resources() + " " + rule.verbs();
      assertThat(rule.owners()).as("the code that needs %s", where).isNotEmpty();
      assertThat(sources)
          .as("classes named by the comment above %s", where)
          .containsAll(rule.owners());
      assertThat(rule.apiGroups()).as(where).doesNotContain("*");
      assertThat(rule.resources()).as(where).noneMatch(r -> r.contains("*"));
      assertThat(rule.verbs())
          .as("verbs of %s (no wildcard, no escalate/bind/impersonate)", where)
          .isNotEmpty()
          .allMatch(ALLOWED_VERBS::contains);
    }
    assertThat(rules)
        .as("the operator never reads Secrets or ConfigMaps through the API")
        .noneMatch(r -> r.resources().contains("secrets") || r.resources().contains("configmaps"));
  }

  @Test
  void theParserSeesOwnersWildcardsAndSharedComments() {
    List<Rule> rules =
        rulesOf(
            "t.yaml",
            List.of(
                "kind: ClusterRole",
                "rules:",
                "  # FooReconciler: reads bars.",
                "  - apiGroups: [\"\"]",
                "    resources: [pods]",
                "    verbs: [\"*\"]",
                "  - apiGroups: [apps]",
                "    resources: [deployments]",
                "    resourceNames: [one]",
                "    verbs: [get]",
                "---",
                "rules:",
                "  - apiGroups: [x]",
                "    resources: [\"*\"]",
                "    verbs: [list]"));
    assertThat(rules)
        .containsExactly(
            new Rule(
                "t.yaml",
                List.of("FooReconciler"),
                List.of(""),
                List.of("pods"),
                List.of(),
                List.of("*")),
            new Rule(
                "t.yaml",
                List.of("FooReconciler"),
                List.of("apps"),
                List.of("deployments"),
                List.of("one"),
                List.of("get")),
            new Rule("t.yaml", List.of(), List.of("x"), List.of("*"), List.of(), List.of("list")));
  }

  @Test
  void docsListEveryRule() throws IOException {
    Path doc = RepoFiles.resolve("docs/rbac.md");
    String expected = markdown(chartRules());
    if (Boolean.getBoolean("gantry.rbac.update")) {
      Files.writeString(doc, expected);
    }
    assertThat(Files.exists(doc) ? Files.readString(doc) : "")
        .as(
            "docs/rbac.md is out of date; run ./mvnw -pl operator test -Dtest=ChartRbacAuditTest"
                + " -Dgantry.rbac.update=true")
        .isEqualTo(expected);
  }

  /** Rules of the chart's templates; a rule without a comment of its own shares the last one's. */
  static List<Rule> chartRules() {
    List<Rule> rules = new ArrayList<>();
    try (Stream<Path> templates = Files.list(RepoFiles.resolve("helm/gantry/templates"))) {
      for (Path template :
          templates.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        rules.addAll(rulesOf(template.getFileName().toString(), Files.readAllLines(template)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rules;
  }

  static List<Rule> rulesOf(String template, List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    List<String> owners = List.of();
    List<String> pendingOwners = new ArrayList<>();
    boolean inRules = false;
    Rule current = null;
    for (String line : lines) {
      if (line.startsWith("rules:")) {
        inRules = true;
        owners = List.of();
        pendingOwners.clear();
        continue;
      }
      if (!inRules) {
        continue;
      }
      if (line.startsWith("---") || (!line.isBlank() && !line.startsWith(" "))) {
        inRules = false;
        continue;
      }
      Matcher owner = OWNER.matcher(line);
      if (owner.find()) {
        pendingOwners.add(owner.group(1));
        continue;
      }
      Matcher list = LIST.matcher(line);
      if (!list.find()) {
        continue;
      }
      List<String> values =
          Stream.of(list.group(2).split(","))
              .map(String::strip)
              .map(v -> v.replace("\"", ""))
              .toList();
      if (line.strip().startsWith("- ")) {
        if (!pendingOwners.isEmpty()) {
          owners = List.copyOf(pendingOwners);
          pendingOwners.clear();
        }
        current = new Rule(template, owners, values, List.of(), List.of(), List.of());
        rules.add(current);
        continue;
      }
      int last = rules.size() - 1;
      current =
          switch (list.group(1)) {
            case "resources" ->
                new Rule(
                    template,
                    current.owners(),
                    current.apiGroups(),
                    values,
                    current.resourceNames(),
                    current.verbs());
            case "resourceNames" ->
                new Rule(
                    template,
                    current.owners(),
                    current.apiGroups(),
                    current.resources(),
                    values,
                    current.verbs());
            case "verbs" ->
                new Rule(
                    template,
                    current.owners(),
                    current.apiGroups(),
                    current.resources(),
                    current.resourceNames(),
                    values);
            default -> current;
          };
      rules.set(last, current);
    }
    return rules;
  }

  private static Set<String> mainSourceClassNames() {
    try (Stream<Path> files = Files.walk(RepoFiles.resolve("operator/src/main/java"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .map(n -> n.substring(0, n.length() - ".java".length()))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(List<Rule> rules) {
    StringBuilder out =
        new StringBuilder(
            """
            # The operator's RBAC, rule by rule

            Generated from the chart's templates by `ChartRbacAuditTest` (operator module), which
            also fails on a wildcard, on a verb other than get, list, watch, create, update, patch
            and delete, and on a rule whose comment names no existing class. Refresh with
            `./mvnw -pl operator test -Dtest=ChartRbacAuditTest -Dgantry.rbac.update=true`; the
            templates' comments say why each rule is there.

            | template | needed by | API group | resources | verbs |
            |---|---|---|---|---|
            """);
    for (Rule rule : rules) {
      String resources = String.join(", ", rule.resources());
      if (!rule.resourceNames().isEmpty()) {
        resources += " (only " + String.join(", ", rule.resourceNames()) + ")";
      }
      out.append("| ")
          .append(rule.template())
          .append(" | ")
          .append(String.join(", ", rule.owners()))
          .append(" | ")
          .append(
              rule.apiGroups().stream()
                  .map(g -> g.isEmpty() ? "core" : g)
                  .collect(Collectors.joining(", ")))
          .append(" | ")
          .append(resources)
          .append(" | ")
          .append(String.join(", ", rule.verbs()))
          .append(" |\n");
    }
    return out.toString();
  }
}
