//===- PersistentKernel.cpp - an artifact's persistent kernel as PTX -------===//
//
// Each artifact gets the kernel of its own schedule table: device/Kernel.mlir
// walks a worker's tasks (bounded acquire waits, release signals, a grid
// barrier between steps) and calls @run_task, generated here with one case
// per device body of the table (DeviceBodies.h); each case runs a copy of the
// library body for its kind (device/{Bodies,Matvec,Attention}.mlir)
// specialized to the parameters its tasks share (SpecializeBodies.cpp).
// Bodies of kinds the table does not use are absent. device/Ring.mlir
// streams weights through shared memory on request, device/Trace.mlir stamps
// tasks. Layout constants come from the shared C header, never from copies.
//
//===----------------------------------------------------------------------===//
#include "tilec/Target/Artifact.h"
#include "tilec/Target/DeviceBodies.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/Conversion/Passes.h"
#include "tilec/kernel_abi.h"
#include "tilec/schedule_table.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Regex.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <cstddef>
#include <mutex>

extern "C" {
void LLVMInitializeNVPTXTargetInfo();
void LLVMInitializeNVPTXTarget();
void LLVMInitializeNVPTXTargetMC();
void LLVMInitializeNVPTXAsmPrinter();
}

using namespace mlir;
using namespace mlir::tile;

namespace {
#include "DeviceLibrary.inc"

/// Values of the ${NAME} placeholders of the device library.
llvm::StringMap<uint64_t> layoutConstants() {
  return {
      {"HEADER_BYTES", sizeof(tilec_table_header)},
      {"HDR_NUM_PROGRAMS", offsetof(tilec_table_header, num_programs)},
      {"HDR_NUM_WORKERS", offsetof(tilec_table_header, num_workers)},
      {"HDR_NUM_TASKS", offsetof(tilec_table_header, num_tasks)},
      {"HDR_NUM_EVENTS", offsetof(tilec_table_header, num_events)},
      {"HDR_NUM_WAITS", offsetof(tilec_table_header, num_waits)},
      {"PROGRAM_BYTES", sizeof(tilec_program)},
      {"PROGRAM_FIRST_WORKER", offsetof(tilec_program, first_worker)},
      {"PROGRAM_NUM_WORKERS", offsetof(tilec_program, num_workers)},
      {"WORKER_BYTES", sizeof(tilec_worker)},
      {"WORKER_FIRST_TASK", offsetof(tilec_worker, first_task)},
      {"WORKER_NUM_TASKS", offsetof(tilec_worker, num_tasks)},
      {"TASK_BYTES", sizeof(tilec_task)},
      {"TASK_BODY", offsetof(tilec_task, body)},
      {"TASK_FIRST_WAIT", offsetof(tilec_task, first_wait)},
      {"TASK_NUM_WAITS", offsetof(tilec_task, num_waits)},
      {"TASK_FIRST_SIGNAL", offsetof(tilec_task, first_signal)},
      {"TASK_NUM_SIGNALS", offsetof(tilec_task, num_signals)},
      {"TASK_OP", offsetof(tilec_task, op)},
      {"TASK_OP_DTYPE",
       offsetof(tilec_task, op) + offsetof(tilec_operand, dtype)},
      {"OPERAND_BYTES", sizeof(tilec_operand)},
      {"TASK_IP", offsetof(tilec_task, ip)},
      {"TASK_FP", offsetof(tilec_task, fp)},
      {"EVENT_BYTES", sizeof(tilec_event)},
      {"EVENT_TARGET", offsetof(tilec_event, target)},
      {"EVENT_SCOPE", offsetof(tilec_event, scope)},
      {"CONTROL_POSITION", offsetof(tilec_control, position)},
      {"SCOPE_SYS", TILEC_SCOPE_SYS},
      {"FAULT_WAIT_TIMEOUT", TILEC_FAULT_WAIT_TIMEOUT},
      {"FAULT_BAD_INDEX", TILEC_FAULT_BAD_INDEX},
      {"FAULT_UNSUPPORTED", TILEC_FAULT_UNSUPPORTED_KIND},
      {"THREADS", TILEC_KERNEL_THREADS},
      {"WARPS", TILEC_KERNEL_THREADS / 32},
      {"XS_FLOATS", TILEC_KERNEL_SHARED_BYTES / 4},
      {"COMBINE_HEADS", TILEC_KERNEL_COMBINE_HEADS},
      {"COMBINE_STATS", 2 * TILEC_KERNEL_COMBINE_HEADS},
      {"XS_BYTES", TILEC_KERNEL_SHARED_BYTES},
      {"OPERAND_FLAGS", offsetof(tilec_operand, flags)},
      {"OPERAND_CONSTANT", TILEC_OPERAND_CONSTANT},
      {"OPERAND_PROGRAM_SHIFT", TILEC_OPERAND_PROGRAM_SHIFT},
      {"RING_STAGES", TILEC_KERNEL_RING_STAGES},
      {"RING_STAGE_BYTES", TILEC_KERNEL_RING_STAGE_BYTES},
      {"CONTROL_WEIGHT_RING", offsetof(tilec_control, weight_ring)},
      {"CONTROL_TRACE", offsetof(tilec_control, trace)},
      {"TRACE_BYTES", sizeof(tilec_task_trace)},
      {"DTYPE_F32", TILEC_DTYPE_F32},
      {"DTYPE_BF16", TILEC_DTYPE_BF16},
      {"DTYPE_F16", TILEC_DTYPE_F16},
      {"DTYPE_I32", TILEC_DTYPE_I32},
      {"DTYPE_I8", TILEC_DTYPE_I8},
  };
}

// @u64 reads a task's 64-bit fields as aligned 8-byte loads: records start
// 8-byte aligned (every table section does, schedule_table.h).
static_assert(sizeof(tilec_task) % 8 == 0 &&
              offsetof(tilec_task, op) % 8 == 0 &&
              sizeof(tilec_operand) % 8 == 0 &&
              offsetof(tilec_task, ip) % 8 == 0 &&
              offsetof(tilec_control, trace) % 8 == 0);

// The matvec body serves both kinds; operand 3 is the bias of one and the
// up projection of the other.
static_assert(TILEC_MATVEC_OP_bias == TILEC_MATVEC_SWIGLU_OP_Wu);

/// ${KIND_<KIND>} and every slot's index by name, ${<KIND>_OP_<operand>},
/// ${<KIND>_IP_<int>}, ${<KIND>_FP_<float>}, from the kinds' descriptors
/// (task_kinds.h, generated from TileTaskKinds.td): device bodies read
/// their slots by the names the table writer and the runtime use.
void addTaskKindConstants(llvm::StringMap<uint64_t> &values) {
  for (uint32_t k = 0; k < TILEC_TASK_KIND_COUNT; ++k) {
    const tilec_task_kind_info &info = tilec_task_kinds[k];
    std::string kind = llvm::StringRef(info.name).upper();
    values["KIND_" + kind] = k;
    for (unsigned i = 0; i < TILEC_TASK_OPERANDS; ++i)
      if (info.op[i].name)
        values[kind + "_OP_" + info.op[i].name] = i;
    for (unsigned i = 0; i < TILEC_TASK_IPARAMS; ++i)
      if (info.ip[i])
        values[kind + "_IP_" + info.ip[i]] = i;
    for (unsigned i = 0; i < TILEC_TASK_FPARAMS; ++i)
      if (info.fp[i])
        values[kind + "_FP_" + info.fp[i]] = i;
  }
  values["MATVEC_OP_bias_or_Wu"] = TILEC_MATVEC_OP_bias;
}

/// @run_task: case i runs the library body of bodies[i] (specialized to it
/// afterwards by specializeDeviceBodies); a body index the kernel does not
/// have is an unsupported kind.
std::string dispatcherSource(ArrayRef<DeviceBody> bodies) {
  std::string s =
      "// Runs the body of one task (tilec_task.body); returns a fault code.\n"
      "llvm.func internal @run_task(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, "
      "%tid: i32, %pos: i32) -> i32 {\n"
      "  %bodyAt = arith.constant ${TASK_BODY} : i64\n"
      "  %body = llvm.call @u32(%t, %bodyAt) : (!llvm.ptr<1>, i64) -> i32\n"
      "  %index = arith.index_cast %body : i32 to index\n"
      "  %code = scf.index_switch %index -> i32\n";
  for (auto [i, body] : llvm::enumerate(bodies)) {
    const tilec_task_kind_info &kind = *deviceKind(body.kind);
    llvm::StringRef library = kind.device_body, argument = kind.device_argument;
    s += "  case " + std::to_string(i) + " {\n";
    if (library.empty()) {
      // A kind without a device body faults rather than doing nothing.
      s += body.kind == TILEC_TASK_NOP
               ? "    %r = arith.constant 0 : i32\n"
               : "    %r = arith.constant ${FAULT_UNSUPPORTED} : i32\n";
    } else {
      std::string args = "%t, %arena, %tid", types = "!llvm.ptr<1>, !llvm.ptr<1>, i32";
      if (argument == "pos") {
        args += ", %pos";
        types += ", i32";
      } else if (argument == "silu") {
        s += std::string("    %silu = arith.constant ") +
             (body.kind == TILEC_TASK_SILU_MUL ? "true" : "false") + "\n";
        args += ", %silu";
        types += ", i1";
      }
      s += ("    %r = llvm.call @" + library + "(" + args + ") : (" + types +
            ") -> i32\n")
               .str();
    }
    s += "    scf.yield %r : i32\n  }\n";
  }
  s += "  default {\n"
       "    %c = arith.constant ${FAULT_UNSUPPORTED} : i32\n"
       "    scf.yield %c : i32\n"
       "  }\n"
       "  llvm.return %code : i32\n"
       "}\n";
  return s;
}

/// The device library with its placeholders filled, inside a gpu.module.
/// `bulkPrefetch`: the chip has cp.async.bulk.prefetch; `bulkCopy`:
/// cp.async.bulk with mbarrier transaction counts (sm_90 and newer).
FailureOr<std::string> deviceSource(bool bulkPrefetch, bool bulkCopy,
                                    ArrayRef<DeviceBody> bodies, Location loc) {
  std::string text = std::string(kPreludeSource) + kBodiesSource + kMatvecSource +
                     kAttentionSource + kRingSource + kTraceSource +
                     dispatcherSource(bodies) + kKernelSource;
  llvm::StringMap<uint64_t> values = layoutConstants();
  addTaskKindConstants(values);
  values["BULK_PREFETCH"] = bulkPrefetch ? 1 : 0;
  // The weight ring needs bulk copies: without them its code folds away
  // and the runtime refuses it.
  values["RING_OK"] = bulkCopy ? 1 : 0;
  static const llvm::Regex placeholder("\\$\\{([A-Za-z0-9_]+)\\}");
  SmallVector<StringRef> match;
  while (placeholder.match(text, &match)) {
    std::string replacement;
    if (match[1] == "KERNEL_NAME")
      replacement = TILEC_KERNEL_NAME;
    else if (auto it = values.find(match[1]); it != values.end())
      replacement = std::to_string(it->second);
    else
      return emitError(loc) << "internal error: device library placeholder "
                            << match[0] << " has no value";
    size_t at = match[0].data() - text.data();
    text.replace(at, match[0].size(), replacement);
  }
  return "module attributes {gpu.container_module} {\ngpu.module @tilec_kernels {\n" +
         text + "\n}\n}\n";
}

void registerDeviceDialects(DialectRegistry &registry) {
  // tile: the library's synchronization is written in tile ops
  // (convert-tile-to-nvvm lowers them first).
  registry.insert<arith::ArithDialect, cf::ControlFlowDialect, gpu::GPUDialect,
                  index::IndexDialect, LLVM::LLVMDialect, NVVM::NVVMDialect,
                  scf::SCFDialect, TileDialect, ub::UBDialect>();
  // convert-gpu-to-nvvm only converts dialects whose interface is registered.
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertNVVMToLLVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
}

FailureOr<std::unique_ptr<llvm::TargetMachine>> nvptxMachine(StringRef chip,
                                                             Location loc) {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
  });
  llvm::Triple triple("nvptx64-nvidia-cuda");
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return emitError(loc) << "NVPTX target unavailable: " << error;
  // The kernel needs acquire/release atomics (sm_70+) and bf16 conversions
  // (sm_80+), and is emitted as PTX 8.0, which reaches sm_90a: beyond it
  // LLVM would abort.
  unsigned number = smVersion(chip);
  if (number != 0 && (number < 80 || number > 90))
    return emitError(loc) << "target '" << chip
                          << "' is not supported: the persistent kernel needs "
                             "sm_80 or newer and is emitted as PTX 8.0 (up to "
                             "sm_90a)";
  // Ask a subtarget of a known chip, so an unknown one is our error rather
  // than LLVM's "not a recognized processor" warnings.
  std::unique_ptr<llvm::MCSubtargetInfo> known(
      target->createMCSubtargetInfo(triple, "sm_90a", "+ptx80"));
  if (!known || !known->isCPUStringValid(chip))
    return emitError(loc) << "target '" << chip
                          << "' is not a CUDA architecture LLVM's NVPTX "
                             "backend knows (e.g. sm_80, sm_90a)";
  // The PTX ISA level is explicit: a too-low default can crash LLVM.
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, chip, "+ptx80", llvm::TargetOptions(), std::nullopt));
  if (!machine)
    return emitError(loc) << "cannot create an NVPTX target machine for "
                          << chip;
  return machine;
}

/// Gives every branch distinct successor blocks, adding forwarding blocks in
/// op order. The LLVM IR export needs this too, but does it in an order that
/// follows block addresses, so the PTX would change from run to run.
void makeSuccessorsDistinct(Operation *root) {
  SmallVector<Operation *> branches;
  root->walk([&](Operation *op) {
    if (op->getNumSuccessors() > 1)
      branches.push_back(op);
  });
  for (Operation *op : branches) {
    llvm::SmallPtrSet<Block *, 8> seen;
    for (unsigned i = 0, e = op->getNumSuccessors(); i < e; ++i) {
      Block *target = op->getSuccessor(i);
      if (seen.insert(target).second)
        continue;
      OpBuilder builder(op->getContext());
      SmallVector<Location> locs(target->getNumArguments(), op->getLoc());
      Block *forward =
          builder.createBlock(target, target->getArgumentTypes(), locs);
      LLVM::BrOp::create(builder, op->getLoc(), forward->getArguments(),
                         target);
      op->setSuccessor(forward, i);
    }
  }
}

void optimize(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3)
      .run(module, mam);
}

/// The device bodies of a schedule table built by buildScheduleTable.
FailureOr<std::vector<DeviceBody>> bodiesOfTable(ArrayRef<uint8_t> table,
                                                 Location loc) {
  if (const char *problem = tilec_table_check(table.data(), table.size()))
    return emitError(loc) << "internal error: the schedule table fails its "
                             "check: "
                          << problem;
  const auto *header = reinterpret_cast<const tilec_table_header *>(table.data());
  tilec_table_layout layout = tilec_table_layout_of(header);
  ArrayRef<tilec_task> tasks(
      reinterpret_cast<const tilec_task *>(table.data() + layout.tasks),
      header->num_tasks);
  std::string problem;
  std::optional<std::vector<DeviceBody>> bodies = deviceBodiesOf(tasks, problem);
  if (!bodies)
    return emitError(loc) << "internal error: the table's device bodies are "
                             "inconsistent: "
                          << problem;
  if (kernelKey(*bodies) != header->kernel_key)
    return emitError(loc) << "internal error: the table's kernel key does "
                             "not match its device bodies";
  return std::move(*bodies);
}
} // namespace

FailureOr<std::string>
mlir::tile::buildPersistentKernel(ArrayRef<uint8_t> table, TargetAttr target,
                                  Location loc, KernelLevel level) {
  StringRef chip = target.getChip();
  // The chip is checked first so a bad --target fails the same way at every
  // level.
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      nvptxMachine(chip, loc);
  if (failed(machine))
    return failure();
  FailureOr<std::vector<DeviceBody>> bodies = bodiesOfTable(table, loc);
  if (failed(bodies))
    return failure();
  FailureOr<std::string> source =
      deviceSource(target.hasFeature("l2_prefetch"),
                   target.hasFeature("bulk_copy"), *bodies, loc);
  if (failed(source))
    return failure();
  DialectRegistry registry;
  registerDeviceDialects(registry);
  MLIRContext context(registry);
  // Problems in the embedded library are internal errors, reported at loc.
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    llvm::raw_string_ostream os(diagnostics);
    os << diag.getLocation() << ": " << diag << "\n";
    return success();
  });
  auto fail = [&](const Twine &what) {
    return emitError(loc) << "internal error: " << what << "\n" << diagnostics;
  };
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(*source, &context);
  if (!module)
    return fail("the device library does not parse");
  auto gpuModule = *module->getOps<gpu::GPUModuleOp>().begin();
  if (failed(specializeDeviceBodies(gpuModule, *bodies)))
    return fail("specializing the device bodies failed");
  PassManager pm(&context);
  pm.addPass(createConvertTileToNVVMPass());
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  device.addPass(createSCFToControlFlowPass());
  device.addPass(createConvertGpuOpsToNVVMOps());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (failed(pm.run(*module)))
    return fail("lowering the device library to LLVM failed");

  makeSuccessorsDistinct(gpuModule);
  if (level == KernelLevel::Lowered) {
    std::string text;
    llvm::raw_string_ostream os(text);
    gpuModule->print(os);
    os << "\n";
    return text;
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(gpuModule, llvmContext, "tilec_kernels");
  if (!llvmModule)
    return fail("translating the device library to LLVM IR failed");
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  optimize(*llvmModule, **machine);
  if (level == KernelLevel::LLVMIR) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return text;
  }

  std::string ptx;
  {
    llvm::raw_string_ostream os(ptx);
    llvm::buffer_ostream pstream(os);
    llvm::legacy::PassManager codegen;
    if ((*machine)->addPassesToEmitFile(codegen, pstream, nullptr,
                                        llvm::CodeGenFileType::AssemblyFile))
      return fail("the NVPTX backend cannot emit assembly");
    codegen.run(*llvmModule);
  }
  const auto *header = reinterpret_cast<const tilec_table_header *>(table.data());
  return llvm::formatv("// tilec persistent kernel, kernel ABI {0}, table key "
                       "{1:x8}\n",
                       TILEC_KERNEL_ABI_VERSION, header->kernel_key)
             .str() +
         ptx;
}
