package io.vwmedia.launcher.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which module may import which, read from the compiled main classes of every module (ArchUnit): arrows point one
 * way, schemas at the bottom, the launcher at the top; nothing imports a sibling sideways; only the ffmpeg module
 * starts a process; inside the topology no package imports back up into its root package.
 */
class ModuleBoundariesTest {

  static final String[] SCHEMA_PACKAGES = {"io.vwmedia.events..", "io.vwmedia.topics..", "io.vwmedia.serde..", "io.vwmedia.config.."};
  static final String STORAGE = "io.vwmedia.storage..";
  static final String FFMPEG = "io.vwmedia.ffmpeg..";
  static final String WORKER = "io.vwmedia.worker..";
  static final String TOPOLOGY = "io.vwmedia.topology..";
  static final String OBSERVABILITY = "io.vwmedia.observability..";
  static final String AWS = "io.vwmedia.aws..";
  static final String LAUNCHER = "io.vwmedia.launcher..";

  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test helpers (S3Proxy)
        .importPackages("io.vwmedia");
  }

  @Test
  void theContractsDependOnNoOtherModule() {
    noClasses().that().resideInAnyPackage(SCHEMA_PACKAGES)
        .should().dependOnClassesThat()
        .resideInAnyPackage(STORAGE, FFMPEG, OBSERVABILITY, WORKER, TOPOLOGY, AWS, LAUNCHER)
        .check(main);
  }

  @Test
  void storageAndFfmpegSitBelowTheWorkerAndTheTopologyAndBesideEachOther() {
    noClasses().that().resideInAPackage(STORAGE)
        .should().dependOnClassesThat().resideInAnyPackage(FFMPEG, WORKER, TOPOLOGY, AWS, LAUNCHER)
        .check(main);
    noClasses().that().resideInAPackage(FFMPEG)
        .should().dependOnClassesThat().resideInAnyPackage(STORAGE, WORKER, TOPOLOGY, AWS, LAUNCHER)
        .check(main);
  }

  @Test
  void theWorkerAndTheTopologyNeverImportEachOther() {
    noClasses().that().resideInAPackage(WORKER)
        .should().dependOnClassesThat().resideInAnyPackage(TOPOLOGY, AWS, LAUNCHER)
        .check(main);
    noClasses().that().resideInAPackage(TOPOLOGY)
        .should().dependOnClassesThat().resideInAnyPackage(WORKER, AWS, LAUNCHER)
        .check(main);
  }

  @Test
  void observabilitySitsOnTheContractsAlone() {
    noClasses().that().resideInAPackage(OBSERVABILITY)
        .should().dependOnClassesThat().resideInAnyPackage(STORAGE, FFMPEG, WORKER, TOPOLOGY, AWS, LAUNCHER)
        .because("its ports (alert sinks) are what the aws module adapts, and every part of the pipeline reports to it")
        .check(main);
  }

  @Test
  void awsAdaptsTheStorageAndAlertPortsOnly() {
    noClasses().that().resideInAPackage(AWS)
        .should().dependOnClassesThat().resideInAnyPackage(FFMPEG, WORKER, TOPOLOGY, LAUNCHER)
        .check(main);
  }

  @Test
  void onlyTheFfmpegModuleStartsAProcess() {
    noClasses().that().resideOutsideOfPackage(FFMPEG)
        .should().callConstructor(ProcessBuilder.class, String[].class)
        .orShould().callConstructor(ProcessBuilder.class, java.util.List.class)
        .orShould().callMethodWhere(runtimeExec())
        .check(main);
  }

  @Test
  void theTopologyUsesNothingOfTheFfmpegModuleButTheSourceDescriptionAndTheGridsItPlansOn() {
    noClasses().that().resideInAPackage(TOPOLOGY)
        .should().dependOnClassesThat(resideInAPackage(FFMPEG).and(not(equivalentTo(SourceInfo.class)))
            .and(not(equivalentTo(io.vwmedia.ffmpeg.encode.SegmentGrid.class)))
            .and(not(equivalentTo(io.vwmedia.ffmpeg.encode.FrameGrid.class))))
        .because("the topology starts no process: probing and encoding are tasks for the workers; it plans chunks on"
            + " the very segment and frame grids the workers encode on")
        .check(main);
  }

  @Test
  void noTopologyPackageImportsBackUpIntoTheRootPackage() {
    noClasses().that().resideInAPackage("io.vwmedia.topology.(*)..")
        .should().dependOnClassesThat().resideInAPackage("io.vwmedia.topology")
        .check(main);
  }

  private static DescribedPredicate<JavaMethodCall> runtimeExec() {
    return DescribedPredicate.describe("Runtime.exec",
        call -> call.getTargetOwner().isEquivalentTo(Runtime.class) && call.getName().equals("exec"));
  }
}
